package association_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
)

// tinyImage returns a 2×2 image.
func tinyImage() image.Image {
	im := image.NewRGBA(image.Rect(0, 0, 2, 2))
	im.Set(0, 0, color.Black)
	return im
}

func pngBytes(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, tinyImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, tinyImage(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// interlacedPNG returns a PNG whose header announces Adam7 interlacing.
func interlacedPNG(t testing.TB) []byte {
	t.Helper()
	b := pngBytes(t)
	b[28] = 1
	binary.BigEndian.PutUint32(b[29:33], crc32.ChecksumIEEE(b[12:29])) // IHDR type and data
	return b
}

// writeFile writes data to a file named name in a temporary directory and
// returns its path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadImage(t *testing.T) {
	big := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, association.MaxImageSize)...)
	tests := []struct {
		name     string
		data     []byte
		wantMIME string
		wantKey  string
	}{
		{"signature.png", pngBytes(t), association.MIMEPNG, ""},
		{"signature.jpg", jpegBytes(t), association.MIMEJPEG, ""},
		{"png-named.jpg", pngBytes(t), association.MIMEPNG, ""}, // the content decides, not the name
		{"lettre.txt", []byte("Bonjour"), "", "association.image_format"},
		{"dessin.gif", []byte("GIF89a\x01\x00\x01\x00"), "", "association.image_format"},
		{"vide.png", nil, "", "association.image_format"},
		{"coupe.png", pngBytes(t)[:20], "", "association.image_damaged"},
		{"entrelace.png", interlacedPNG(t), "", "association.image_interlaced"},
		{"enorme.png", big, "", "association.image_too_large"},
	}
	for _, tt := range tests {
		im, err := association.LoadImage(writeFile(t, tt.name, tt.data))
		if got := errKey(err); got != tt.wantKey {
			t.Errorf("LoadImage(%s) = %v, want key %q", tt.name, err, tt.wantKey)
			continue
		}
		if err != nil {
			if !errors.Is(err, apperr.ErrInvalid) {
				t.Errorf("LoadImage(%s) = %v, want an apperr.ErrInvalid", tt.name, err)
			}
			continue
		}
		if im.MIME != tt.wantMIME || !bytes.Equal(im.Data, tt.data) {
			t.Errorf("LoadImage(%s) = %s, %d bytes; want %s, %d bytes", tt.name, im.MIME, len(im.Data), tt.wantMIME, len(tt.data))
		}
	}
}

func TestLoadImageMissingFile(t *testing.T) {
	_, err := association.LoadImage(filepath.Join(t.TempDir(), "absent.png"))
	if !errors.Is(err, apperr.ErrUnavailable) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadImage(absent.png) = %v, want ErrUnavailable wrapping ErrNotExist", err)
	}
}
