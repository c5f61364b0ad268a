package main

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// checkLinks reports the relative links of doc whose target is missing,
// and the links to a markdown file's #anchor that it does not have.
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
		} else if frag := fragment(l.dest); frag != "" && strings.HasSuffix(target, ".md") && !hasAnchor(root, target, frag) {
			msg = fmt.Sprintf("broken link %s: %s has no heading or anchor %q", l.dest, target, frag)
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
	if u.Scheme != "" || u.Host != "" {
		return "", false
	}
	if u.Path == "" { // #anchor: a place in doc itself
		return doc, u.Fragment != ""
	}
	if strings.HasPrefix(u.Path, "/") {
		// GitHub resolves a leading slash against the repository root.
		return path.Clean(strings.TrimPrefix(u.Path, "/")), true
	}
	return path.Join(path.Dir(doc), u.Path), true
}

// fragment is the #anchor of a link destination, or "".
func fragment(dest string) string {
	if u, err := url.Parse(dest); err == nil {
		return u.Fragment
	}
	return ""
}

// explicitAnchor is an HTML anchor written in markdown: <a id="name">.
var explicitAnchor = regexp.MustCompile(`<a id="([^"]+)"`)

// hasAnchor reports whether the markdown file target (relative to root)
// has anchor: a heading's GitHub slug, or an <a id> of its own.
func hasAnchor(root, target, anchor string) bool {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(target)))
	if err != nil {
		return false
	}
	slugs := repo.NewSlugger()
	for _, h := range repo.ParseMarkdown(src).Headings {
		if slugs.Slug(h.Text) == anchor {
			return true
		}
	}
	for _, m := range explicitAnchor.FindAllSubmatch(src, -1) {
		if string(m[1]) == anchor {
			return true
		}
	}
	return false
}
