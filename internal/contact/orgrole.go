package contact

// OrgRole names, by its name, an organisation a person belongs to, and
// the person's role in it. It is what import files and address books
// carry ("Société", ORG and TITLE); the store finds the organisation by
// its folded name, or creates it.
type OrgRole struct {
	Org  string
	Role string
}
