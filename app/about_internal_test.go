package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/buildinfo"
	"github.com/bureau-asso/bureau/internal/paths"
)

func TestAboutShowsVersionAndDataFolder(t *testing.T) {
	newApp(t)
	t.Setenv("XDG_DATA_HOME", "/srv/données été")
	box := aboutContent().(*fyne.Container)
	var texts []string
	for _, o := range box.Objects {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	all := strings.Join(texts, "\n")
	if !strings.Contains(all, buildinfo.Version()) {
		t.Errorf("About = %q, want the version %q", all, buildinfo.Version())
	}
	want, err := paths.DataDir() // /srv/données été/bureau on Linux
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(all, want) {
		t.Errorf("About = %q, want the data folder %q", all, want)
	}
}
