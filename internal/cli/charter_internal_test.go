package cli

import (
	"testing"
)

func TestParseCharterRender(t *testing.T) {
	tests := []struct {
		args    []string
		want    charterRenderOptions
		wantErr string
	}{
		{[]string{"benevolat", "--for", "Marie Lefèvre", "--out", "c.pdf"},
			charterRenderOptions{name: "benevolat", contact: "Marie Lefèvre", out: "c.pdf"}, ""},
		{[]string{"--for", "12", "benevolat", "--out=c.pdf", "--version", "2", "--date", "2026-11-21"},
			charterRenderOptions{name: "benevolat", contact: "12", out: "c.pdf", version: 2, date: "2026-11-21"}, ""},
		{[]string{"benevolat", "--pending", "--out", "tous.pdf"},
			charterRenderOptions{name: "benevolat", out: "tous.pdf", pending: true}, ""},
		{[]string{"--for", "12", "--out", "c.pdf"}, charterRenderOptions{}, "indiquez le nom de la charte"},
		{[]string{"a", "b", "--for", "12", "--out", "c.pdf"}, charterRenderOptions{}, "argument inattendu « b »"},
		{[]string{"benevolat", "--out", "c.pdf"}, charterRenderOptions{}, "--for CONTACT (numéro ou nom), ou --pending"},
		{[]string{"benevolat", "--for", "1", "--pending", "--out", "c.pdf"}, charterRenderOptions{}, "--for et --pending s'excluent"},
		{[]string{"benevolat", "--for", "1"}, charterRenderOptions{}, "--out FICHIER.pdf"},
		{[]string{"benevolat", "--for", "1", "--out", "c.pdf", "--version", "0"}, charterRenderOptions{}, "--version attend un numéro de version"},
		{[]string{"benevolat", "--for", "1", "--out", "c.pdf", "--date", "21/11/2026"}, charterRenderOptions{}, "--date attend une date AAAA-MM-JJ"},
		{[]string{"benevolat", "--for", "1", "--out", "c.pdf", "--date", "2026-02-30"}, charterRenderOptions{}, "pas « 2026-02-30 »"},
	}
	for _, tt := range tests {
		got, err := parseCharterRender(tt.args)
		if !checkUsage(err, tt.wantErr) || got != tt.want {
			t.Errorf("parseCharterRender(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseCharterEditAndSign(t *testing.T) {
	edits := []struct {
		args    []string
		want    charterEditOptions
		wantErr string
	}{
		{[]string{"benevolat", "--from", "b.md", "--note", "article 5"}, charterEditOptions{name: "benevolat", from: "b.md", note: "article 5"}, ""},
		{[]string{"nouvelle-charte", "--from", "-"}, charterEditOptions{name: "nouvelle-charte", from: "-"}, ""},
		{[]string{"benevolat"}, charterEditOptions{}, "--from FICHIER"},
		{[]string{"Bénévolat", "--from", "b.md"}, charterEditOptions{}, "ne peut pas nommer une charte"},
	}
	for _, tt := range edits {
		got, err := parseCharterEdit(tt.args)
		if !checkUsage(err, tt.wantErr) || got != tt.want {
			t.Errorf("parseCharterEdit(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
	signs := []struct {
		args    []string
		want    charterSignOptions
		wantErr string
	}{
		{[]string{"benevolat", "--contact", "12"}, charterSignOptions{name: "benevolat", contact: 12}, ""},
		{[]string{"benevolat", "--contact", "12", "--date", "2026-11-21", "--version", "3", "--document", "scan.pdf"},
			charterSignOptions{name: "benevolat", contact: 12, date: "2026-11-21", version: 3, document: "scan.pdf"}, ""},
		{[]string{"benevolat"}, charterSignOptions{}, "--contact N°"},
		{[]string{"benevolat", "--contact", "Marie"}, charterSignOptions{}, "n'est pas un numéro de contact"},
	}
	for _, tt := range signs {
		got, err := parseCharterSign(tt.args)
		if !checkUsage(err, tt.wantErr) || got != tt.want {
			t.Errorf("parseCharterSign(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseReportPartner(t *testing.T) {
	tests := []struct {
		args    []string
		want    reportPartnerOptions
		wantErr string
	}{
		{[]string{"Atelier", "Numérique", "--from", "2026-01-01", "--to", "2026-12-31", "--out", "r.pdf"},
			reportPartnerOptions{org: "Atelier Numérique", from: "2026-01-01", to: "2026-12-31", out: "r.pdf"}, ""},
		{[]string{"31", "--from", "2026-01-01", "--to", "2026-12-31", "--csv", "r.csv", "--text", "mot.txt"},
			reportPartnerOptions{org: "31", from: "2026-01-01", to: "2026-12-31", csv: "r.csv", text: "mot.txt"}, ""},
		{[]string{"--from", "2026-01-01", "--to", "2026-12-31", "--out", "r.pdf"}, reportPartnerOptions{}, "indiquez l'organisation"},
		{[]string{"31", "--from", "2026-01-01", "--out", "r.pdf"}, reportPartnerOptions{}, "--from AAAA-MM-JJ et --to AAAA-MM-JJ"},
		{[]string{"31", "--from", "2026-01-01", "--to", "2026-12-31"}, reportPartnerOptions{}, "--out FICHIER.pdf, --csv FICHIER.csv"},
		{[]string{"31", "--from", "01/01/2026", "--to", "2026-12-31", "--out", "r.pdf"}, reportPartnerOptions{}, "--from attend une date AAAA-MM-JJ"},
		{[]string{"31", "--from", "2026-12-31", "--to", "2026-01-01", "--out", "r.pdf"}, reportPartnerOptions{}, "la période finit"},
	}
	for _, tt := range tests {
		got, err := parseReportPartner(tt.args)
		if !checkUsage(err, tt.wantErr) || got != tt.want {
			t.Errorf("parseReportPartner(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}
