package mailsync_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/mailsync"
)

// parse decodes a message written with LF line ends, sent as CRLF.
func parse(raw string) mail.Message {
	return mailsync.Parse([]byte(strings.ReplaceAll(raw, "\n", "\r\n")), mailsync.ParseOptions{MaxAttachment: 1 << 20})
}

func TestParseCharsets(t *testing.T) {
	tests := []struct {
		name        string
		raw         string
		wantSubject string
		wantText    string
	}{
		{"encoded-word ISO-8859-1 Q", "Subject: =?ISO-8859-1?Q?R=E9union_partenaires?=\n\nx", "Réunion partenaires", "x"},
		{"encoded-word UTF-8 B split", "Subject: =?UTF-8?B?w4l0w6kg?=\n =?UTF-8?B?MjAyNg==?=\n\nx", "Été 2026", "x"},
		{"encoded-word spaces inside B", "Subject: =?utf-8?B?UsOpdW5p b24=?=\n\nx", "Réunion", "x"},
		{"encoded-word Windows-1252", "Subject: =?windows-1252?Q?=93Merci=94_=80?=\n\nx", "“Merci” €", "x"},
		{"unknown charset in word", "Subject: =?x-unknown?Q?Caf=C3=A9?=\n\nx", "Café", "x"},
		{"raw 8-bit Latin-1 header", "Subject: R\xe9union\n\nx", "Réunion", "x"},
		{"raw UTF-8 header (RFC 6532)", "Subject: Réunion à Orléans\n\nx", "Réunion à Orléans", "x"},
		{"ISO-8859-1 labelled, Windows-1252 bytes",
			"Subject: x\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nC=92est 100 =80, l=9Cuvre.\n",
			"x", "C’est 100 €, lœuvre."},
		{"Windows-1252 8bit", "Subject: x\nContent-Type: text/plain; charset=\"windows-1252\"\n\nPr\xe9sident \x96 tr\xe9sorier\n", "x", "Président – trésorier"},
		{"UTF-8 declared, Latin-1 bytes", "Subject: x\nContent-Type: text/plain; charset=utf-8\n\nD\xe9j\xe0 vu, d\xc3\xa9j\xc3\xa0 lu\n", "x", "Déjà vu, déjà lu"},
		{"no charset, 8-bit", "Subject: x\n\nCh\xe8re amie\n", "x", "Chère amie"},
		{"ISO-8859-15", "Subject: x\nContent-Type: text/plain; charset=ISO-8859-15\n\n\xa4 50\n", "x", "€ 50"},
		{"base64 UTF-8", "Subject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nQm9uam91ciDDoCB0b3Vz\n", "x", "Bonjour à tous"},
		{"broken base64", "Subject: x\nContent-Transfer-Encoding: base64\n\nQm9uam91c!!iDD\noCB0b3Vz==junk\n", "x", "Bonjour"},
		{"broken quoted-printable", "Subject: x\nContent-Transfer-Encoding: quoted-printable\n\n5 =E2=82=AC =ZZ fin=\nsuite\n", "x", "5 € =ZZ finsuite"},
		{"format=flowed", "Subject: x\nContent-Type: text/plain; charset=utf-8; format=flowed\n\nUne longue ligne \ncoupée en deux.\n> cit\n", "x", "Une longue ligne coupée en deux."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := parse(tt.raw)
			if m.Subject != tt.wantSubject {
				t.Errorf("subject = %q, want %q", m.Subject, tt.wantSubject)
			}
			if !strings.Contains(m.Text, tt.wantText) {
				t.Errorf("text = %q, want it to contain %q", m.Text, tt.wantText)
			}
		})
	}
}

func TestParseHeaders(t *testing.T) {
	m := parse(`From: =?utf-8?Q?Ren=C3=A9e_Dupr=C3=A9?= <Renee.Dupre@Fondation-Val.FR>
To: "Bureau, asso" <bureau@asso.test>, jean@x.fr, broken <<oops@y.fr>, Marie <marie@z.fr>
Cc: undisclosed-recipients:;
Date: Mon, 6 Jan 2003 14:11:22 +0100 (CET)
Message-ID: <abc@x.fr>
In-Reply-To: <parent@x.fr> (message de Jean)
References: <root@x.fr>
 <parent@x.fr>  <abc@x.fr>
Subject: Test

corps`)
	if m.From.Name != "Renée Dupré" || m.From.Addr != "renee.dupre@fondation-val.fr" {
		t.Errorf("from = %+v", m.From)
	}
	var tos []string
	for _, a := range m.To {
		tos = append(tos, a.Addr)
	}
	if strings.Join(tos, " ") != "bureau@asso.test jean@x.fr oops@y.fr marie@z.fr" {
		t.Errorf("to = %q", tos)
	}
	if m.To[0].Name != "Bureau, asso" {
		t.Errorf("quoted name = %q", m.To[0].Name)
	}
	if m.MessageID != "abc@x.fr" || m.InReplyTo != "parent@x.fr" || strings.Join(m.References, " ") != "root@x.fr parent@x.fr" {
		t.Errorf("ids %q %q %q", m.MessageID, m.InReplyTo, m.References)
	}
	if want := time.Date(2003, 1, 6, 13, 11, 22, 0, time.UTC); !m.Date.Equal(want) {
		t.Errorf("date = %v, want %v", m.Date, want)
	}
	if m.Key != "<abc@x.fr>" {
		t.Errorf("key = %q", m.Key)
	}
}

func TestParseKeyWithoutMessageID(t *testing.T) {
	a := parse("From: a@x.fr\nSubject: Sans id\nDate: Mon, 6 Jan 2003 14:11:22 +0100\n\nTexte")
	b := parse("From: a@x.fr\nSubject: Sans id\nDate: Mon, 6 Jan 2003 14:11:22 +0100\nReceived: by another hop\n\nTexte")
	c := parse("From: a@x.fr\nSubject: Sans id\nDate: Mon, 6 Jan 2003 14:11:22 +0100\n\nAutre texte")
	if !strings.HasPrefix(a.Key, "sha256:") || a.Key != b.Key || a.Key == c.Key {
		t.Errorf("keys %q %q %q", a.Key, b.Key, c.Key)
	}
}

func TestParseStructure(t *testing.T) {
	raw := `From: a@x.fr
Subject: Pièces
Content-Type: multipart/mixed; boundary="XX"

preamble
--XX
Content-Type: multipart/alternative; boundary=YY

--YY
Content-Type: text/plain; charset=utf-8

Texte brut.
--YY
Content-Type: text/html; charset=utf-8

<p>Texte <b>HTML</b></p>
--YY--
--XX
Content-Type: application/pdf; name*=iso-8859-1''Re%E7u%20fiscal.pdf
Content-Disposition: attachment
Content-Transfer-Encoding: base64

JVBERi0xLjQ=
--XX
Content-Type: image/png
Content-Disposition: attachment; filename="=?utf-8?Q?logo_=C3=A9t=C3=A9.png?="
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--XX
Content-Type: message/rfc822

From: b@y.fr
Subject: Message d'origine
Date: Tue, 3 Mar 2026 10:00:00 +0100

Texte transféré.
--XX
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

des notes
`
	m := parse(raw) // no closing boundary: tolerated
	if !strings.Contains(m.Text, "Texte brut.") || strings.Contains(m.Text, "HTML") {
		t.Errorf("alternative: text = %q", m.Text)
	}
	if !strings.Contains(m.Text, "Texte transféré.") || !strings.Contains(m.Text, "Objet : Message d'origine") {
		t.Errorf("attached message not readable: %q", m.Text)
	}
	var names []string
	for _, a := range m.Attachments {
		names = append(names, a.Name)
	}
	if got := strings.Join(names, "|"); got != "Reçu fiscal.pdf|logo été.png|Message d'origine.eml|notes.txt" {
		t.Errorf("attachments = %q", got)
	}
	if string(m.Attachments[0].Data) != "%PDF-1.4" {
		t.Errorf("pdf data = %q", m.Attachments[0].Data)
	}
	if string(m.Attachments[3].Data) != "des notes" {
		t.Errorf("notes data = %q", m.Attachments[3].Data)
	}
}

func TestParseAttachmentCap(t *testing.T) {
	raw := "Content-Type: multipart/mixed; boundary=b\n\n--b\n\ntexte\n--b\nContent-Type: application/zip\nContent-Disposition: attachment; filename=gros.zip\n\n" +
		strings.Repeat("z", 3000) + "\n--b--\n"
	m := mailsync.Parse([]byte(raw), mailsync.ParseOptions{MaxAttachment: 1000})
	if len(m.Attachments) != 1 || m.Attachments[0].Stored || m.Attachments[0].Data != nil || m.Attachments[0].Size != 3000 {
		t.Errorf("capped attachment %+v", m.Attachments)
	}
}

// TestParseHTMLFetchesNothing renders HTML full of remote resources and
// checks that none was requested and none is left in the text.
func TestParseHTMLFetchesNothing(t *testing.T) {
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer ts.Close()
	html := `<html><head><link rel="stylesheet" href="` + ts.URL + `/s.css"><style>body{background:url(` + ts.URL + `/bg.png)}</style>
<script src="` + ts.URL + `/x.js"></script><script>alert(1)</script></head>
<body><img src="` + ts.URL + `/pixel.gif" width=1><iframe src="` + ts.URL + `/f"></iframe>
<p>Bonjour&nbsp;Madame,</p><p>Le <a href="https://fondation-val.fr/dons">formulaire</a> est en ligne.</p>
<blockquote>Ancien message</blockquote><ul><li>un</li><li>deux</li></ul></body></html>`
	m := parse("Subject: x\nContent-Type: text/html; charset=utf-8\n\n" + html)
	time.Sleep(100 * time.Millisecond)
	if hits.Load() != 0 {
		t.Errorf("%d requests to remote content", hits.Load())
	}
	for _, bad := range []string{"<", "alert", "pixel", "s.css", "background", ts.URL} {
		if strings.Contains(m.Text, bad) {
			t.Errorf("text keeps %q: %q", bad, m.Text)
		}
	}
	for _, want := range []string{"Bonjour Madame,", "formulaire", "https://fondation-val.fr/dons", "> Ancien message", "* un"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q: %q", want, m.Text)
		}
	}
	if !m.FromHTML {
		t.Error("FromHTML not set")
	}
}

// TestParseFrenchCorpus checks real French mail of the corpus.
func TestParseFrenchCorpus(t *testing.T) {
	tests := []struct {
		file, subject, text, attachment string
	}{
		{"php-mime-mail-parser/m0001", "Mail avec fichier attaché de 1ko", "", "attach01"},
		{"php-mime-mail-parser/m0013", "50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N° 1467829. pdf", "Pièce jointe toujours pas conforme", "50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N° 1467829.pdf"},
		{"php-mime-mail-parser/m0024", "Persil, abeilles ...", "", "Biodiversité de semaine en semaine.doc"},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join("testdata", "corpus", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		m := mailsync.Parse(raw, mailsync.ParseOptions{MaxAttachment: 1 << 20})
		if m.Subject != tt.subject {
			t.Errorf("%s: subject %q, want %q", tt.file, m.Subject, tt.subject)
		}
		if !strings.Contains(m.Text, tt.text) {
			t.Errorf("%s: text lacks %q", tt.file, tt.text)
		}
		found := false
		for _, a := range m.Attachments {
			found = found || a.Name == tt.attachment
		}
		if !found {
			t.Errorf("%s: no attachment %q in %+v", tt.file, tt.attachment, m.Attachments)
		}
	}
}

func TestParseDeepNestingAndManyParts(t *testing.T) {
	var b strings.Builder
	b.WriteString("Subject: deep\n")
	for i := 0; i < 5000; i++ {
		b.WriteString("Content-Type: multipart/mixed; boundary=b" + itoa(i%1000) + "\n\n--b" + itoa(i%1000) + "\n")
	}
	b.WriteString("\nfond\n")
	done := make(chan struct{})
	go func() {
		mailsync.Parse([]byte(b.String()), mailsync.ParseOptions{MaxAttachment: 1 << 20})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("deeply nested message does not finish")
	}
}
