package main

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// checkLinks reports the relative links of doc whose target is missing.
func checkLinks(root string, doc *document, rep *report) []problem {
	var problems []problem
	for _, l := range doc.links {
		target, local := linkTarget(doc.path, l.dest)
		if !local {
			continue
		}
		rep.links++
		var msg string
		if !filepath.IsLocal(filepath.FromSlash(target)) {
			msg = fmt.Sprintf("broken link %s: it leads out of the repository", l.dest)
		} else if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(target))); err != nil {
			msg = fmt.Sprintf("broken link %s: %s does not exist", l.dest, target)
		}
		if msg != "" {
			problems = append(problems, newProblem(doc.path, l.line, msg))
		}
	}
	return problems
}

// linkTarget resolves a link destination in markdown file doc to a path
// relative to the repository root.
func linkTarget(doc, dest string) (target string, local bool) {
	u, err := url.Parse(dest)
	if err != nil {
		// Not a URL, so it can only be meant as a path; let Stat judge it.
		return path.Join(path.Dir(doc), dest), true
	}
	if u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	if strings.HasPrefix(u.Path, "/") {
		// GitHub resolves a leading slash against the repository root.
		return path.Clean(strings.TrimPrefix(u.Path, "/")), true
	}
	return path.Join(path.Dir(doc), u.Path), true
}
