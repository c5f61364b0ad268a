// Package layout holds tests about the repository as a whole: rules that
// no single step can check for itself.
package layout
