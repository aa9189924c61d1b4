package association

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// MaxImageSize is the largest signature or logo accepted, in bytes. Both
// are embedded in every receipt PDF, so they must stay small.
const MaxImageSize = 2 << 20

// MIME types of the images that receipts can embed.
const (
	MIMEPNG  = "image/png"
	MIMEJPEG = "image/jpeg"
)

// Image is a picture stored with the profile: the scanned signature
// printed on receipts (R7.5) or the logo.
type Image struct {
	Data []byte
	MIME string // MIMEPNG or MIMEJPEG
}

// IsZero reports whether no image is set.
func (im Image) IsZero() bool {
	return len(im.Data) == 0
}

// LoadImage reads a PNG or JPEG file of at most MaxImageSize bytes.
func LoadImage(path string) (Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return Image{}, apperr.Unavailable("association.image_unreadable", fmt.Sprintf(
			"Impossible de lire le fichier « %s ». Vérifiez le chemin et que le fichier est accessible.", path), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxImageSize+1))
	if err != nil {
		return Image{}, apperr.Unavailable("association.image_unreadable", fmt.Sprintf(
			"Impossible de lire le fichier « %s ». Vérifiez le chemin et que le fichier est accessible.", path), err)
	}
	im := Image{Data: data, MIME: detectMIME(data)}
	if e := im.check(filepath.Base(path)); e != nil {
		return Image{}, e
	}
	return im, nil
}

// detectMIME recognises PNG and JPEG by their magic bytes.
func detectMIME(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return MIMEPNG
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return MIMEJPEG
	}
	return ""
}

// check returns a user error if im cannot be printed on a receipt. name
// identifies the image in messages.
func (im Image) check(name string) *apperr.Error {
	if len(im.Data) > MaxImageSize {
		return apperr.Invalid("association.image_too_large", fmt.Sprintf(
			"L'image « %s » dépasse 2 Mio. Réduisez sa taille ou sa résolution, puis choisissez-la de nouveau.", name))
	}
	var err error
	switch im.MIME {
	case MIMEPNG:
		_, err = png.DecodeConfig(bytes.NewReader(im.Data))
		// The PDF library refuses interlaced PNG files: byte 28 is the
		// interlace method of the IHDR chunk.
		if err == nil && im.Data[28] != 0 {
			return apperr.Invalid("association.image_interlaced", fmt.Sprintf(
				"L'image « %s » est un PNG entrelacé, que les reçus ne savent pas afficher. Enregistrez-la de nouveau sans entrelacement, puis choisissez-la de nouveau.", name))
		}
	case MIMEJPEG:
		_, err = jpeg.DecodeConfig(bytes.NewReader(im.Data))
	default:
		return apperr.Invalid("association.image_format", fmt.Sprintf(
			"Le fichier « %s » n'est pas une image PNG ou JPEG. Enregistrez-le dans l'un de ces formats, puis choisissez-le de nouveau.", name))
	}
	if err != nil {
		return &apperr.Error{Kind: apperr.ErrInvalid, Key: "association.image_damaged", Err: err, Message: fmt.Sprintf(
			"L'image « %s » est endommagée et ne peut pas être lue. Enregistrez-la de nouveau depuis votre logiciel d'image, puis choisissez-la de nouveau.", name)}
	}
	return nil
}
