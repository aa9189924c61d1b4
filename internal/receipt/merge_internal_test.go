package receipt

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// tinyPDF writes a PDF the way fpdf does: objects in order, a classic
// cross-reference table, the page tree holding the media box. title goes
// in a string that looks like a reference, to be left alone.
func tinyPDF(title string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.3\n")
	var offs []int
	obj := func(body string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), body)
	}
	obj("<</Type /Pages\n/Kids [3 0 R ]\n/Count 1\n/MediaBox [0 0 595.28 841.89]\n>>")
	obj("<<\n/Font <<\n/F1 5 0 R\n>>\n>>")
	obj("<</Type /Page\n/Parent 1 0 R\n/Resources 2 0 R\n/Annots [6 0 R]\n/Contents 4 0 R>>")
	content := "BT /F1 12 Tf 72 720 Td (" + title + ") Tj ET"
	obj(fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content))
	obj("<</Type /Font /BaseFont /Helvetica /Subtype /Type1>>")
	obj("<</Type /Annot /Subtype /Link /Rect [0 0 10 10] /Dest [3 0 R /XYZ 0 0 0]>>")
	obj("<</Title (" + title + ")>>")
	obj("<</Type /Catalog /Pages 1 0 R>>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<<\n/Size %d\n/Root 8 0 R\n/Info 7 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

func TestMergeCopiesPagesAndSharesObjects(t *testing.T) {
	var out bytes.Buffer
	m := newMerger(&out)
	for _, title := range []string{"un (2 0 R) \\) reçu", "deux"} {
		if err := m.Add(tinyPDF(title)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	d, err := parsePDF(out.Bytes())
	if err != nil {
		t.Fatalf("the merged PDF does not parse: %v\n%s", err, out.String())
	}
	if len(d.pages) != 2 {
		t.Errorf("pages = %d, want 2", len(d.pages))
	}
	s := out.String()
	if n := strings.Count(s, "/BaseFont /Helvetica"); n != 1 {
		t.Errorf("font written %d times, want once (shared)", n)
	}
	if !strings.Contains(s, "(un (2 0 R) \\) reçu)") {
		t.Error("a reference-like string inside a content stream was changed")
	}
	if n := strings.Count(s, "/MediaBox [0 0 595.28 841.89]"); n != 2 {
		t.Errorf("media box on %d pages, want both: it was inherited from the old page tree", n)
	}
	for _, p := range d.pages {
		dict, _ := d.dict(p)
		if r, ok := dictRef(dict, "Parent"); !ok || r != mergePages {
			t.Errorf("page %d has parent %d, want the new page tree", p, r)
		}
		annots, _ := dictValue(dict, "Annots")
		for _, a := range refs(annots) {
			ad, err := d.dict(a)
			if err != nil {
				t.Fatal(err)
			}
			dest, _ := dictValue(ad, "Dest")
			if got := refs(dest); len(got) != 1 || got[0] != p {
				t.Errorf("link of page %d points to %v: the cycle page → link → page is broken", p, got)
			}
		}
	}
}

func TestMergeRefusesWhatItDoesNotKnow(t *testing.T) {
	good := tinyPDF("x")
	incremental := append(append([]byte(nil), good...), []byte("1 0 obj\n<<>>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<</Root 8 0 R>>\nstartxref\n10\n%%EOF\n")...)
	for name, b := range map[string][]byte{
		"empty":              nil,
		"not a PDF":          []byte("hello"),
		"incremental update": incremental,
		"xref stream":        bytes.Replace(good, []byte("\nxref\n"), []byte("\nXREF\n"), 1),
	} {
		if _, err := parsePDF(b); err == nil {
			t.Errorf("%s: parsed, want a refusal", name)
		}
	}
}
