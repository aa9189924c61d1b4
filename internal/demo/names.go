package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// Common French first names, with their accents and compound forms.
var (
	womenFirstNames = []string{
		"Hélène", "Françoise", "Zoé", "Anaïs", "Léa", "Claire", "Camille", "Chloé", "Manon", "Inès",
		"Amélie", "Noémie", "Maëlle", "Élodie", "Sophie", "Isabelle", "Nathalie", "Catherine", "Sylvie", "Martine",
		"Valérie", "Sandrine", "Céline", "Émilie", "Julie", "Laure", "Agnès", "Béatrice", "Geneviève", "Josiane",
		"Monique", "Aurélie", "Margaux", "Clémence", "Louise", "Jeanne", "Alice", "Lina", "Fatoumata", "Nadia",
		"Yasmine", "Aïcha", "Mélanie", "Océane", "Anne-Sophie", "Marie-Claude", "Solène", "Gaëlle", "Bérénice", "Annick",
	}
	menFirstNames = []string{
		"Jérôme", "Cédric", "François", "Benoît", "Stéphane", "Frédéric", "Sébastien", "Grégoire", "Loïc", "Noël",
		"Raphaël", "Mathéo", "Théo", "Lucas", "Hugo", "Louis", "Gabriel", "Jules", "Arthur", "Nicolas",
		"Thierry", "Philippe", "Pascal", "Patrick", "Bernard", "Michel", "Alain", "Didier", "Olivier", "Yannick",
		"Gaël", "Hervé", "Rémi", "Joël", "Mickaël", "Karim", "Mamadou", "Youssef", "Antoine", "Baptiste",
		"Clément", "Étienne", "Jean-Pierre", "Jean-Luc", "Pierre-Yves", "Anthony", "Kévin", "Maxime", "Romain", "Yves",
	}
)

// lastNames are frequent French surnames, with particles, apostrophes
// and the names of families who came from elsewhere.
var lastNames = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
	"Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
	"Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Müller", "Henry", "Roussel",
	"Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
	"Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
	"Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Pérez", "Marchand", "Dufour",
	"Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Renard",
	"Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine",
	"Picard", "Gaillard", "Lacroix", "Fabre", "Dupuis", "Olivier", "Rodriguez", "Da Silva", "Hubert", "Charles",
	"Guillot", "Rivière", "Le Gall", "Guillaume", "Adam", "Moulin", "Gonzalez", "Berger", "Lecomte", "Ménard",
	"Fleury", "Deschamps", "Carpentier", "Maillard", "Aubry", "Vasseur", "Le Roux", "Renault", "Jacquet", "Prévost",
	"Poirier", "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Carré", "Breton", "Rémy", "Schneider",
	"Perrot", "Guyot", "Marty", "Cousin", "Le Goff", "N'Diaye", "Diallo", "Traoré", "Benali", "Haddad",
	"Pereira", "Ferreira", "Dos Santos", "Kowalski", "Tessier", "Chauvin", "Besnard", "Pasquier", "Bodin", "Hamon",
	"Lebrun", "Barthélemy", "Delaunay", "Lejeune", "Hoarau", "Le Bihan", "Bénard", "Chauveau", "D'Almeida", "Saint-Martin",
}

// place is a real postcode with its commune.
type place struct {
	Postcode, City string
	// Region tells which fictional phone range suits the place: "02" for
	// the west and Centre-Val de Loire, "01" for Île-de-France, "" for
	// elsewhere (mobile only).
	Region string
}

// localPlaces are in Touraine and the rest of Centre-Val de Loire, where
// most of a Tours association's contacts live.
var localPlaces = []place{
	{"37000", "Tours", "02"}, {"37100", "Tours", "02"}, {"37200", "Tours", "02"},
	{"37000", "Tours", "02"}, {"37100", "Tours", "02"}, {"37200", "Tours", "02"},
	{"37300", "Joué-lès-Tours", "02"}, {"37400", "Amboise", "02"}, {"37170", "Chambray-lès-Tours", "02"},
	{"37540", "Saint-Cyr-sur-Loire", "02"}, {"37700", "Saint-Pierre-des-Corps", "02"}, {"37230", "Fondettes", "02"},
	{"37210", "Vouvray", "02"}, {"37550", "Saint-Avertin", "02"}, {"37250", "Montbazon", "02"},
	{"37270", "Montlouis-sur-Loire", "02"}, {"37510", "Ballan-Miré", "02"}, {"37190", "Azay-le-Rideau", "02"},
	{"37500", "Chinon", "02"}, {"37600", "Loches", "02"}, {"37110", "Château-Renault", "02"},
	{"37800", "Sainte-Maure-de-Touraine", "02"}, {"45000", "Orléans", "02"}, {"41000", "Blois", "02"},
	{"41100", "Vendôme", "02"}, {"41200", "Romorantin-Lanthenay", "02"}, {"18000", "Bourges", "02"},
	{"36000", "Châteauroux", "02"}, {"28000", "Chartres", "02"}, {"45200", "Montargis", "02"},
}

// farPlaces are elsewhere in France: former neighbours, family of members.
var farPlaces = []place{
	{"75011", "Paris", "01"}, {"75014", "Paris", "01"}, {"75018", "Paris", "01"},
	{"92100", "Boulogne-Billancourt", "01"}, {"69003", "Lyon", ""}, {"44000", "Nantes", "02"},
	{"49000", "Angers", "02"}, {"86000", "Poitiers", ""}, {"72000", "Le Mans", "02"},
	{"33000", "Bordeaux", ""}, {"35000", "Rennes", "02"}, {"31000", "Toulouse", ""},
	{"13006", "Marseille", ""}, {"59000", "Lille", ""}, {"67000", "Strasbourg", ""},
	{"29200", "Brest", "02"}, {"34000", "Montpellier", ""}, {"06000", "Nice", ""},
}

// streets are names found in most French towns.
var streets = []string{
	"rue de la République", "avenue Jean-Jaurès", "rue Victor-Hugo", "rue Pasteur", "place de la Mairie",
	"rue des Écoles", "allée des Tilleuls", "chemin des Vignes", "rue du Moulin", "impasse des Lilas",
	"boulevard Gambetta", "rue Jules-Ferry", "rue de la Gare", "avenue du Général-de-Gaulle", "rue Émile-Zola",
	"rue des Acacias", "rue Nationale", "rue de l'Église", "quai de la Loire", "rue Saint-Martin",
	"rue des Peupliers", "avenue de la Libération", "rue du Château", "rue Paul-Bert", "rue des Jardins",
	"rue Anatole-France", "place du Marché", "rue de la Fontaine", "rue des Prés", "allée des Cerisiers",
}

// Domains reserved for examples: no mail sent to them reaches anyone.
var emailDomains = []string{"example.org", "example.fr", "example.com"}

// banks are where the donors' cheques are drawn.
var banks = []string{
	"La Banque Postale", "Crédit Agricole", "Caisse d'Épargne", "Crédit Mutuel", "Société Générale",
	"BNP Paribas", "LCL", "CIC", "Banque Populaire", "Crédit Coopératif",
}

// pickPlace returns a local place most of the time, one elsewhere in
// France otherwise.
func pickPlace(rng *rand.Rand, localShare float64) place {
	if rng.Float64() < localShare {
		return localPlaces[rng.IntN(len(localPlaces))]
	}
	return farPlaces[rng.IntN(len(farPlaces))]
}

// randomAddress returns a home address at p.
func randomAddress(rng *rand.Rand, p place) contact.Address {
	street := fmt.Sprintf("%d %s", 1+rng.IntN(120), streets[rng.IntN(len(streets))])
	if rng.IntN(8) == 0 {
		street = fmt.Sprintf("%d bis %s", 1+rng.IntN(60), streets[rng.IntN(len(streets))])
	}
	return contact.Address{Label: "domicile", Street: street, Postcode: p.Postcode, City: p.City, Country: "France", Preferred: true}
}

// slug folds a name into the letters, digits and hyphens of an email
// address or a URL: "N'Diaye" → "ndiaye", "L'Épicerie Vrac & Bio" →
// "lepicerie-vrac-bio".
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range textfold.Fold(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			hyphen = true
		}
	}
	return b.String()
}

// orgDomain is an organisation's own subdomain of domain, so that mail
// is linked to it by its domain alone: "Transports Ligériens" at
// example.fr is "transports-ligeriens.example.fr".
func orgDomain(name, domain string) string { return slug(name) + "." + domain }

// personEmail builds a fictional address in one of the usual shapes.
func personEmail(rng *rand.Rand, first, last string) string {
	f, l := slug(first), slug(last)
	domain := emailDomains[rng.IntN(len(emailDomains))]
	switch rng.IntN(6) {
	case 0:
		return fmt.Sprintf("%c.%s@%s", f[0], l, domain)
	case 1:
		return fmt.Sprintf("%s.%s%d@%s", f, l, 1+rng.IntN(99), domain)
	case 2:
		return fmt.Sprintf("%s%s@%s", f, l, domain)
	}
	return fmt.Sprintf("%s.%s@%s", f, l, domain)
}

// Phone numbers come from the ranges that ARCEP reserves in the French
// numbering plan for films, books and examples: they are never assigned
// to a subscriber.
const (
	fictionMobile   = "06 39 98"
	fictionWest     = "02 61 91"
	fictionIDF      = "01 99 00"
	fictionPerRange = 10_000 // the last four digits
)

// phone formats the n-th number of a fictional range: "06 39 98 01 23".
func phone(prefix string, n int) string {
	n %= fictionPerRange
	return fmt.Sprintf("%s %02d %02d", prefix, n/100, n%100)
}
