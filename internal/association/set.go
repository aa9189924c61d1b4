package association

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/civildate"
)

// keys are the settable keys, in the order of the receipt form.
var keys = []string{
	"name", "siren", "rna", "street", "postcode", "city", "country", "object",
	"category", "category_precision", DateRUPDecree, DateJO, DateArrete, DateAgrement,
	"signer_name", "signer_role", "signature", "logo",
}

// Keys returns the keys that Set accepts, in a stable order.
func Keys() []string {
	return slices.Clone(keys)
}

// Set applies one key=value setting, as given to
// `bureau association set key=value …`. An empty value clears the field.
// The SIREN loses its spaces and the RNA number is upper-cased; dates are
// accepted as jj/mm/aaaa or YYYY-MM-DD and stored as YYYY-MM-DD; signature
// and logo take the path of a PNG or JPEG file. When the value is invalid,
// Set returns the validation error for that field and leaves p unchanged.
func (p *Profile) Set(key, value string) error {
	value = strings.TrimSpace(value)
	q := *p
	q.Dates = maps.Clone(p.Dates)
	fields := []string{key}
	switch key {
	case "name":
		q.Name = value
	case "siren":
		q.SIREN = NormalizeSIREN(value)
	case "rna":
		q.RNA = NormalizeRNA(value)
	case "street":
		q.Street = value
	case "postcode":
		q.Postcode = value
	case "city":
		q.City = value
	case "country":
		q.Country = value
		fields = append(fields, "postcode") // a French postcode has 5 digits
	case "object":
		q.Object = value
	case "category":
		q.Category = value
	case "category_precision":
		q.CategoryPrecision = value
	case DateRUPDecree, DateJO, DateArrete, DateAgrement:
		fields = []string{"dates." + key}
		if value == "" {
			delete(q.Dates, key)
			break
		}
		d, ok := civildate.Parse(value)
		if !ok {
			return dateError(key, value)
		}
		if q.Dates == nil {
			q.Dates = map[string]string{}
		}
		q.Dates[key] = d
	case "signer_name":
		q.SignerName = value
	case "signer_role":
		q.SignerRole = value
	case "signature", "logo":
		var im Image
		if value != "" {
			var err error
			if im, err = LoadImage(value); err != nil {
				var e *apperr.Error
				if errors.As(err, &e) {
					e.Field = key
				}
				return err
			}
		}
		if key == "signature" {
			q.Signature = im
		} else {
			q.Logo = im
		}
	default:
		return apperr.Invalid("association.unknown_key", fmt.Sprintf(
			"Le réglage « %s » n'existe pas. Réglages possibles : %s.", key, strings.Join(keys, ", ")))
	}
	if err := fieldErrors(q.Validate(), fields); err != nil {
		return err
	}
	*p = q
	return nil
}

// fieldErrors keeps the errors of err that are about one of fields.
func fieldErrors(err error, fields []string) error {
	var all apperr.Multi
	if !errors.As(err, &all) {
		return err
	}
	var m apperr.Multi
	for _, e := range all {
		if slices.Contains(fields, e.Field) {
			m = append(m, e)
		}
	}
	return m.OrNil()
}
