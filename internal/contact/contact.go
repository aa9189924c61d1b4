// Package contact holds the people and organisations that every other part
// of Bureau links to: their emails, phones, addresses, tags and roles.
// It imports no SQL, Fyne, PDF or IMAP package.
package contact

import (
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// Kind tells a person from an organisation.
type Kind string

// Kinds of contact.
const (
	Person       Kind = "person"
	Organisation Kind = "organisation"
)

// OrgKind classifies organisations.
type OrgKind string

// Organisation kinds.
const (
	OrgAssociation  OrgKind = "association"   // partner association
	OrgCompany      OrgKind = "company"       // sponsor, mécène
	OrgPublicFunder OrgKind = "public_funder" // commune, département, région, État
	OrgFoundation   OrgKind = "foundation"
	OrgPress        OrgKind = "press" // press outlet
	OrgOther        OrgKind = "other"
)

// OrgKinds lists the organisation kinds in display order.
var OrgKinds = []OrgKind{OrgAssociation, OrgCompany, OrgPublicFunder, OrgFoundation, OrgPress, OrgOther}

// Contact is a person or an organisation.
type Contact struct {
	ID        int64
	Kind      Kind
	Civility  string // person: "Mme", "M."
	FirstName string
	LastName  string
	OrgName   string
	OrgKind   OrgKind
	// PressKind is the kind of outlet of a press organisation (press.go).
	PressKind PressKind
	LegalForm string // company: SA, SAS, SARL…
	SIREN     string
	// FiscalYearEnd is a company's fiscal-year end as "MM-DD" ("12-31").
	FiscalYearEnd string
	Website       string
	Notes         string
	Emails        []Email
	Phones        []Phone
	Addresses     []Address
	Tags          []string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Email is one email address of a contact.
type Email struct {
	Address   string
	Label     string
	Preferred bool
}

// Phone is one phone number of a contact.
type Phone struct {
	Number    string
	Label     string
	Preferred bool
}

// Address is one postal address of a contact.
type Address struct {
	Label     string
	Street    string
	Postcode  string
	City      string
	Country   string
	Preferred bool
}

// DisplayName is the name shown in lists: "Nom Prénom" for a person (the
// way French offices file people), the name for an organisation.
func (c Contact) DisplayName() string {
	if c.Kind == Organisation {
		return c.OrgName
	}
	return strings.TrimSpace(strings.ToUpper(c.LastName) + " " + c.FirstName)
}

// SortName is the folded display name used to sort lists.
func (c Contact) SortName() string {
	if c.Kind == Organisation {
		return textfold.Fold(c.OrgName)
	}
	return textfold.Fold(c.LastName + " " + c.FirstName)
}

// PreferredEmail returns the preferred email, or the first, or "".
func (c Contact) PreferredEmail() string {
	for _, e := range c.Emails {
		if e.Preferred {
			return e.Address
		}
	}
	if len(c.Emails) > 0 {
		return c.Emails[0].Address
	}
	return ""
}

// PreferredAddress returns the preferred address, or the first.
func (c Contact) PreferredAddress() (Address, bool) {
	for _, a := range c.Addresses {
		if a.Preferred {
			return a, true
		}
	}
	if len(c.Addresses) > 0 {
		return c.Addresses[0], true
	}
	return Address{}, false
}

// Validate checks what a contact needs before it is saved.
func (c Contact) Validate() error {
	var errs apperr.Multi
	switch c.Kind {
	case Person:
		if strings.TrimSpace(c.FirstName) == "" && strings.TrimSpace(c.LastName) == "" {
			errs = append(errs, apperr.InvalidField("last_name", "contact.name_missing",
				"Le nom est vide. Indiquez au moins le nom ou le prénom."))
		}
	case Organisation:
		if strings.TrimSpace(c.OrgName) == "" {
			errs = append(errs, apperr.InvalidField("org_name", "contact.org_name_missing",
				"Le nom de l'organisation est vide. Indiquez sa dénomination."))
		}
		if c.OrgKind != "" && !validOrgKind(c.OrgKind) {
			errs = append(errs, apperr.InvalidField("org_kind", "contact.org_kind_unknown",
				"Le type d'organisation est inconnu. Choisissez-en un dans la liste."))
		}
	default:
		errs = append(errs, apperr.InvalidField("kind", "contact.kind_unknown",
			"Choisissez s'il s'agit d'une personne ou d'une organisation."))
	}
	if err := c.validatePressKind(); err != nil {
		errs = append(errs, err)
	}
	for _, e := range c.Emails {
		if !strings.Contains(e.Address, "@") {
			errs = append(errs, apperr.InvalidField("emails", "contact.email_invalid",
				"L'adresse « "+e.Address+" » n'est pas une adresse électronique. Corrigez-la ou supprimez-la."))
		}
	}
	return errs.OrNil()
}

func validOrgKind(k OrgKind) bool {
	for _, v := range OrgKinds {
		if v == k {
			return true
		}
	}
	return false
}
