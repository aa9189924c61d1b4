package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

func init() {
	register(
		command{name: "donations mandates add", args: "--donor N° --amount MONTANT --day J [--from AAAA-MM-JJ] [--to AAAA-MM-JJ] [--reference RUM] [--campaign NOM]",
			summary: "enregistre un mandat de prélèvement mensuel (jour 1 à 28)", run: runMandatesAdd},
		command{name: "donations mandates list", args: "",
			summary: "liste les mandats de prélèvement mensuels", run: runMandatesList},
		command{name: "donations km-scale", args: "[--date AAAA-MM-JJ]",
			summary: "affiche le barème kilométrique en vigueur à une date (aujourd'hui par défaut)", run: runKmScale},
		command{name: "donations km-scale add", args: "--from AAAA-MM-JJ --file FICHIER.csv",
			summary: "ajoute une version du barème kilométrique ; CSV « ; » : vehicle;hp_min;hp_max;km_max;rate_per_km;fixed[;electric_bonus_percent] (car, motorbike ou moped ; 0 ou vide = sans limite ; taux 0,529 ; fixe 1065)", run: runKmScaleAdd},
		command{name: "donations claims add", args: "--volunteer N° --purpose TEXTE [--date AAAA-MM-JJ]",
			summary: "crée une note de frais de bénévole (abandon de frais) et affiche son numéro", run: runClaimsAdd},
		command{name: "donations claims line", args: "NOTE --date AAAA-MM-JJ --description TEXTE (--km N --cv N [--vehicle car|motorbike|moped] [--electric] [--year-km N] | --amount MONTANT)",
			summary: "ajoute à une note de frais un trajet (valorisé au barème) ou une dépense payée", run: runClaimsLine},
		command{name: "donations claims attach", args: "NOTE FICHIER",
			summary: "joint un justificatif (PDF ou image) à une note de frais", run: runClaimsAttach},
		command{name: "donations claims sign", args: "NOTE [--date AAAA-MM-JJ] [--text TEXTE]",
			summary: "enregistre la renonciation écrite du bénévole au remboursement", run: runClaimsSign},
		command{name: "donations claims recorded", args: "NOTE",
			summary: "indique que les frais et le don sont passés en comptabilité", run: runClaimsRecorded},
		command{name: "donations claims gift", args: "NOTE",
			summary: "transforme une note de frais complète en don (frais abandonnés), ou dit ce qui manque", run: runClaimsGift},
		command{name: "donations claims show", args: "NOTE",
			summary: "affiche une note de frais : lignes, total, barème, renonciation, justificatifs, don", run: runClaimsShow},
	)
}

// parseDateFlag reads a date flag written AAAA-MM-JJ or JJ/MM/AAAA; ""
// gives def. A wrong date is a user error (exit 1), not a usage error.
func parseDateFlag(flagName, s, def string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return def, nil
	}
	d, ok := civildate.Parse(s)
	if !ok {
		return "", apperr.Invalid("cli.date_invalid", fmt.Sprintf(
			"%s : la date « %s » n'est pas reconnue. Écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA, par exemple 2026-03-15.", flagName, s))
	}
	return d, nil
}

func today() string { return time.Now().Format(time.DateOnly) }

// parseClaimNumber reads the claim number given as the only positional
// argument, before or after the flags.
func parseClaimNumber(pos []string, more string) (int64, error) {
	if len(pos) == 0 {
		return 0, usagef("indiquez le numéro de la note de frais (donné par « bureau donations claims add »)%s", more)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("« %s » n'est pas un numéro de note de frais (un nombre, donné par « bureau donations claims add »)", pos[0])
	}
	return id, nil
}

func noExtra(pos []string) error {
	if len(pos) > 0 {
		return usagef("argument inattendu « %s »", pos[0])
	}
	return nil
}

// writeTable writes rows in columns separated by two spaces; the columns
// in right are right-aligned and the last one is never padded.
func writeTable(w io.Writer, rows [][]string, right ...int) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, v := range r {
			widths[i] = max(widths[i], runeWidth(v))
		}
	}
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, v := range r {
			switch {
			case slices.Contains(right, i):
				cells[i] = padLeft(v, widths[i])
			case i == len(r)-1:
				cells[i] = v
			default:
				cells[i] = padRight(v, widths[i])
			}
		}
		fmt.Fprintln(w, strings.Join(cells, "  "))
	}
}

// --- donations mandates add and list

type mandatesAddOptions struct {
	mandate donation.Mandate
}

func parseMandatesAdd(args []string, now string) (mandatesAddOptions, error) {
	fs := newFlags("donations mandates add")
	donor := fs.String("donor", "", "")
	amount := fs.String("amount", "", "")
	day := fs.String("day", "", "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	ref := fs.String("reference", "", "")
	campaign := fs.String("campaign", "", "")
	var o mandatesAddOptions
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	if err := noExtra(pos); err != nil {
		return o, err
	}
	switch {
	case *donor == "":
		return o, usagef("indiquez le donateur : --donor N° (« bureau contacts search » donne les numéros)")
	case *amount == "":
		return o, usagef("indiquez le montant mensuel : --amount 15,00")
	case *day == "":
		return o, usagef("indiquez le jour du prélèvement, de 1 à 28 : --day 5")
	}
	m := &o.mandate
	if m.DonorID, err = parseContactNumber(*donor); err != nil {
		return o, err
	}
	if m.DayOfMonth, err = strconv.Atoi(*day); err != nil {
		return o, usagef("--day attend un jour du mois, de 1 à 28, pas « %s »", *day)
	}
	if m.Amount, err = money.Parse(*amount); err != nil {
		return o, err
	}
	if m.StartDate, err = parseDateFlag("--from", *from, now); err != nil {
		return o, err
	}
	if m.EndDate, err = parseDateFlag("--to", *to, ""); err != nil {
		return o, err
	}
	m.Reference, m.Campaign = strings.TrimSpace(*ref), strings.TrimSpace(*campaign)
	m.Method, m.Active = donation.DirectDebit, true
	return o, nil
}

func runMandatesAdd(ctx context.Context, e *env, args []string) error {
	o, err := parseMandatesAdd(args, today())
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return addMandate(ctx, c.Gifts, o, e.stdout)
	})
}

func addMandate(ctx context.Context, s *donation.Service, o mandatesAddOptions, w io.Writer) error {
	m := o.mandate
	if err := s.CreateMandate(ctx, &m); err != nil {
		return err
	}
	name := fmt.Sprintf("donateur n° %d", m.DonorID)
	if ms, err := s.ListMandates(ctx); err == nil {
		for _, x := range ms {
			if x.ID == m.ID {
				name = x.DonorName
			}
		}
	}
	until := ""
	if m.EndDate != "" {
		until = " jusqu'au " + frenchDay(m.EndDate)
	}
	fmt.Fprintf(w, "Mandat n° %d enregistré : %s, %s le %d de chaque mois, à partir du %s%s.\n",
		m.ID, name, m.Amount, m.DayOfMonth, frenchDay(m.StartDate), until)
	fmt.Fprintln(w, "Créez les dons d'un mois avec « bureau donations mandates run --month AAAA-MM ».")
	return nil
}

func runMandatesList(ctx context.Context, e *env, args []string) error {
	pos, err := parseFlagsAnywhere(newFlags("donations mandates list"), args)
	if err != nil {
		return err
	}
	if err := noExtra(pos); err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return listMandates(ctx, c.Gifts, e.stdout)
	})
}

func listMandates(ctx context.Context, s *donation.Service, w io.Writer) error {
	ms, err := s.ListMandates(ctx)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		fmt.Fprintln(w, "Aucun mandat. Enregistrez-en un : bureau donations mandates add --donor N° --amount MONTANT --day J")
		return nil
	}
	rows := [][]string{{"N°", "Donateur", "Montant", "Jour", "Du", "Au", "Campagne", "Actif", "RUM"}}
	var total money.Cents
	for _, m := range ms {
		active := "non"
		if m.Active {
			active = "oui"
			total += m.Amount
		}
		rows = append(rows, []string{strconv.FormatInt(m.ID, 10), m.DonorName, m.Amount.String(),
			strconv.Itoa(m.DayOfMonth), frenchDay(m.StartDate), frenchDay(m.EndDate), dash(m.Campaign), active, dash(m.Reference)})
	}
	writeTable(w, rows, 0, 2, 3)
	fmt.Fprintf(w, "Total : %s, %s par mois pour les mandats actifs\n", countNoun(len(ms), "mandat", "mandats"), total)
	return nil
}

// --- donations km-scale

func parseKmScale(args []string, now string) (string, error) {
	fs := newFlags("donations km-scale")
	date := fs.String("date", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return "", err
	}
	if err := noExtra(pos); err != nil {
		return "", err
	}
	return parseDateFlag("--date", *date, now)
}

func runKmScale(ctx context.Context, e *env, args []string) error {
	date, err := parseKmScale(args, today())
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showKmScale(ctx, c.Gifts, date, e.stdout)
	})
}

func showKmScale(ctx context.Context, s *donation.Service, date string, w io.Writer) error {
	sc, err := s.KmScaleOn(ctx, date)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return apperr.NotFound("cli.no_km_scale", fmt.Sprintf(
				"Aucun barème kilométrique n'est en vigueur le %s. Ajoutez celui de l'année : bureau donations km-scale add --from AAAA-MM-JJ --file bareme.csv", frenchDay(date)))
		}
		return err
	}
	fmt.Fprintf(w, "Barème kilométrique en vigueur le %s : version du %s\n", frenchDay(date), frenchDay(sc.EffectiveFrom))
	rows := [][]string{{"Véhicule", "Puissance", "Distance annuelle (d)", "Électrique", "Formule"}}
	for i, r := range sc.Rates {
		low := 0
		if i > 0 {
			if p := sc.Rates[i-1]; p.Vehicle == r.Vehicle && p.HPMin == r.HPMin && p.HPMax == r.HPMax {
				low = p.KmMax
			}
		}
		bonus := "—"
		if r.ElectricBonusPercent > 0 {
			bonus = fmt.Sprintf("+%d %%", r.ElectricBonusPercent)
		}
		rows = append(rows, []string{r.Vehicle.Label(), hpBand(r), kmBand(low, r.KmMax), bonus, kmFormula(r)})
	}
	writeTable(w, rows)
	fmt.Fprintln(w, "d : kilomètres parcourus dans l'année pour l'association ; le montant d'un trajet est la part de ce coût annuel.")
	return nil
}

func hpBand(r donation.KmRate) string {
	switch {
	case r.HPMin <= 0 && r.HPMax <= 0:
		return "toutes"
	case r.HPMax <= 0:
		return fmt.Sprintf("%d CV et plus", r.HPMin)
	case r.HPMin <= 1:
		return fmt.Sprintf("%d CV et moins", r.HPMax)
	case r.HPMin == r.HPMax:
		return fmt.Sprintf("%d CV", r.HPMin)
	}
	return fmt.Sprintf("%d à %d CV", r.HPMin, r.HPMax)
}

func kmBand(low, high int) string {
	switch {
	case low == 0 && high == 0:
		return "toute distance"
	case high == 0:
		return "au-delà de " + groupDigits(low) + " km"
	case low == 0:
		return "jusqu'à " + groupDigits(high) + " km"
	}
	return "de " + groupDigits(low+1) + " à " + groupDigits(high) + " km"
}

// groupDigits writes n with non-breaking spaces between groups of three
// digits, as amounts are written.
func groupDigits(n int) string {
	return strings.TrimSuffix(money.Cents(int64(n)*100).String(), ",00\u00a0€")
}

// kmFormula writes « d × 0,316 + 1 065 € ».
func kmFormula(r donation.KmRate) string {
	f := "d × " + formatRate(r.RateMillicentsPerKm)
	if r.Fixed != 0 {
		f += " + " + strings.Replace(r.Fixed.String(), ",00\u00a0€", "\u00a0€", 1)
	}
	return f
}

// formatRate writes a rate in 1/100 000 € per km as euros, with at least
// three decimals: 52 900 is "0,529".
func formatRate(r int64) string {
	frac := strings.TrimRight(fmt.Sprintf("%05d", r%100_000), "0")
	for len(frac) < 3 {
		frac += "0"
	}
	return fmt.Sprintf("%d,%s", r/100_000, frac)
}

// parseRate reads a rate in euros per km, "0,529" or "0.529", with at
// most five decimals, into 1/100 000 € per km.
func parseRate(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if len(frac) > 5 || len(whole) > 6 || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, false
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00000")[:5], 10, 64)
	return w*100_000 + f, true
}

type kmScaleAddOptions struct {
	from string
	file string
}

func parseKmScaleAdd(args []string) (kmScaleAddOptions, error) {
	fs := newFlags("donations km-scale add")
	from := fs.String("from", "", "")
	file := fs.String("file", "", "")
	var o kmScaleAddOptions
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	if err := noExtra(pos); err != nil {
		return o, err
	}
	switch {
	case *from == "":
		return o, usagef("indiquez la date d'entrée en vigueur du barème : --from 2026-01-01")
	case *file == "":
		return o, usagef("indiquez le fichier CSV des tranches : --file bareme.csv")
	}
	if o.from, err = parseDateFlag("--from", *from, ""); err != nil {
		return o, err
	}
	o.file = *file
	return o, nil
}

var vehicleNames = map[string]donation.Vehicle{
	"car": donation.Car, "voiture": donation.Car,
	"motorbike": donation.Motorbike, "moto": donation.Motorbike,
	"moped": donation.Moped, "cyclomoteur": donation.Moped,
}

// readKmScale reads the bands of a scale from a CSV file separated by
// ";": vehicle;hp_min;hp_max;km_max;rate_per_km;fixed and an optional
// electric_bonus_percent. A first line starting with "vehicle" is a
// header. Every bad line is reported with its number.
func readKmScale(r io.Reader) ([]donation.KmRate, error) {
	cr := csv.NewReader(r)
	cr.Comma, cr.FieldsPerRecord, cr.TrimLeadingSpace = ';', -1, true
	var rates []donation.KmRate
	var errs apperr.Multi
	bad := func(line int, format string, a ...any) {
		errs = append(errs, apperr.Invalid("km_scale.row_invalid", fmt.Sprintf("ligne %d : ", line)+fmt.Sprintf(format, a...)))
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			bad(line, "le CSV est mal formé (%v). Corrigez cette ligne.", err)
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rates) == 0 && len(errs) == 0 && strings.EqualFold(strings.TrimPrefix(strings.TrimSpace(rec[0]), "\uFEFF"), "vehicle") {
			continue
		}
		if len(rec) != 6 && len(rec) != 7 {
			bad(line, "%d colonnes au lieu de 6 ou 7 (vehicle;hp_min;hp_max;km_max;rate_per_km;fixed[;electric_bonus_percent]).", len(rec))
			continue
		}
		k := donation.KmRate{}
		v, ok := vehicleNames[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(rec[0], "\uFEFF")))]
		if !ok {
			bad(line, "véhicule « %s » inconnu ; écrivez car, motorbike ou moped.", rec[0])
			continue
		}
		k.Vehicle = v
		ints := []*int{&k.HPMin, &k.HPMax, &k.KmMax}
		names := []string{"hp_min", "hp_max", "km_max"}
		cells := []string{rec[1], rec[2], rec[3]}
		if len(rec) == 7 {
			ints, names, cells = append(ints, &k.ElectricBonusPercent), append(names, "electric_bonus_percent"), append(cells, rec[6])
		}
		rowOK := true
		for i, c := range cells {
			c = strings.ReplaceAll(strings.TrimSpace(c), " ", "")
			if c == "" {
				continue
			}
			n, err := strconv.Atoi(c)
			if err != nil || n < 0 {
				bad(line, "%s « %s » n'est pas un nombre entier positif ; laissez vide ou 0 pour « sans limite ».", names[i], cells[i])
				rowOK = false
				break
			}
			*ints[i] = n
		}
		if !rowOK {
			continue
		}
		if k.RateMillicentsPerKm, ok = parseRate(rec[4]); !ok {
			bad(line, "rate_per_km « %s » n'est pas un taux en euros par km ; écrivez-le comme 0,529.", rec[4])
			continue
		}
		if strings.TrimSpace(rec[5]) != "" {
			f, err := money.Parse(rec[5])
			if err != nil || f < 0 {
				bad(line, "fixed « %s » n'est pas un montant ; écrivez-le comme 1065 ou 1065,00, ou laissez vide.", rec[5])
				continue
			}
			k.Fixed = f
		}
		if k.HPMax > 0 && k.HPMax < k.HPMin {
			bad(line, "hp_max (%d) est inférieur à hp_min (%d). Corrigez la tranche de puissance.", k.HPMax, k.HPMin)
			continue
		}
		rates = append(rates, k)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rates, nil
}

func runKmScaleAdd(ctx context.Context, e *env, args []string) error {
	o, err := parseKmScaleAdd(args)
	if err != nil {
		return err
	}
	f, err := os.Open(o.file)
	if err != nil {
		return apperr.Unavailable("km_scale.read", fmt.Sprintf(
			"Impossible de lire le fichier %s. Vérifiez son chemin et que vous avez le droit de le lire.", o.file), err)
	}
	defer f.Close()
	rates, err := readKmScale(f)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Gifts.AddKmScale(ctx, donation.KmScale{EffectiveFrom: o.from, Rates: rates}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Barème kilométrique du %s ajouté : %s. Vérifiez-le avec « bureau donations km-scale --date %s ».\n",
		frenchDay(o.from), countNoun(len(rates), "tranche", "tranches"), o.from)
	return nil
}

// --- donations claims

type claimsAddOptions struct {
	claim donation.ExpenseClaim
}

func parseClaimsAdd(args []string, now string) (claimsAddOptions, error) {
	fs := newFlags("donations claims add")
	volunteer := fs.String("volunteer", "", "")
	purpose := fs.String("purpose", "", "")
	date := fs.String("date", "", "")
	var o claimsAddOptions
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	if err := noExtra(pos); err != nil {
		return o, err
	}
	switch {
	case *volunteer == "":
		return o, usagef("indiquez le bénévole : --volunteer N° (« bureau contacts search » donne les numéros)")
	case strings.TrimSpace(*purpose) == "":
		return o, usagef("indiquez l'objet des frais : --purpose \"Fête des jardins 2026\"")
	}
	if o.claim.VolunteerID, err = parseContactNumber(*volunteer); err != nil {
		return o, err
	}
	if o.claim.ClaimDate, err = parseDateFlag("--date", *date, now); err != nil {
		return o, err
	}
	o.claim.Purpose = strings.TrimSpace(*purpose)
	return o, nil
}

func runClaimsAdd(ctx context.Context, e *env, args []string) error {
	o, err := parseClaimsAdd(args, today())
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return addClaim(ctx, c.Gifts, o, e.stdout)
	})
}

func addClaim(ctx context.Context, s *donation.Service, o claimsAddOptions, w io.Writer) error {
	cl := o.claim
	if err := s.CreateClaim(ctx, &cl); err != nil {
		return err
	}
	if got, err := s.GetClaim(ctx, cl.ID); err == nil {
		cl = got
	}
	fmt.Fprintf(w, "Note de frais n° %d créée pour %s, le %s : %s.\n", cl.ID, cl.VolunteerName, frenchDay(cl.ClaimDate), cl.Purpose)
	fmt.Fprintf(w, "Ajoutez ses trajets et dépenses : bureau donations claims line %d --date AAAA-MM-JJ …\n", cl.ID)
	return nil
}

type claimsLineOptions struct {
	claimID int64
	line    donation.ExpenseLine
}

func parseClaimsLine(args []string) (claimsLineOptions, error) {
	fs := newFlags("donations claims line")
	date := fs.String("date", "", "")
	desc := fs.String("description", "", "")
	km := fs.String("km", "", "")
	cv := fs.String("cv", "", "")
	vehicle := fs.String("vehicle", "car", "")
	electric := fs.Bool("electric", false, "")
	yearKm := fs.String("year-km", "", "")
	amount := fs.String("amount", "", "")
	var o claimsLineOptions
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	if o.claimID, err = parseClaimNumber(pos, ""); err != nil {
		return o, err
	}
	if err := noExtra(pos[1:]); err != nil {
		return o, err
	}
	l := &o.line
	switch {
	case *date == "":
		return o, usagef("indiquez la date du trajet ou de la dépense : --date 2026-03-12")
	case strings.TrimSpace(*desc) == "":
		return o, usagef("décrivez la ligne : --description \"Tours–Amboise, livraison des plants\"")
	case *km != "" && *amount != "":
		return o, usagef("une ligne est soit un trajet (--km), soit une dépense (--amount), pas les deux")
	case *km == "" && *amount == "":
		return o, usagef("indiquez --km N --cv N pour un trajet, ou --amount MONTANT pour une dépense payée")
	}
	if l.Date, err = parseDateFlag("--date", *date, ""); err != nil {
		return o, err
	}
	l.Description = strings.TrimSpace(*desc)
	if *amount != "" {
		l.Kind = donation.ExpenseItem
		l.Amount, err = money.Parse(*amount)
		return o, err
	}
	l.Kind = donation.KmLine
	v, ok := vehicleNames[strings.ToLower(*vehicle)]
	if !ok {
		return o, usagef("--vehicle attend car, motorbike ou moped, pas « %s »", *vehicle)
	}
	l.Vehicle, l.Electric = v, *electric
	if l.Km, err = strconv.Atoi(*km); err != nil || l.Km <= 0 {
		return o, usagef("--km attend un nombre entier de kilomètres, pas « %s »", *km)
	}
	if *cv == "" && v != donation.Moped {
		return o, usagef("indiquez la puissance fiscale du véhicule : --cv 4 (case P.6 de la carte grise)")
	}
	if *cv != "" {
		if l.FiscalHP, err = strconv.Atoi(*cv); err != nil || l.FiscalHP <= 0 {
			return o, usagef("--cv attend une puissance fiscale en chevaux (un nombre entier), pas « %s »", *cv)
		}
	}
	if *yearKm != "" {
		if l.YearKm, err = strconv.Atoi(*yearKm); err != nil || l.YearKm < 0 {
			return o, usagef("--year-km attend les kilomètres parcourus dans l'année pour l'association, pas « %s »", *yearKm)
		}
	}
	return o, nil
}

func runClaimsLine(ctx context.Context, e *env, args []string) error {
	o, err := parseClaimsLine(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return addClaimLine(ctx, c.Gifts, o, e.stdout)
	})
}

func addClaimLine(ctx context.Context, s *donation.Service, o claimsLineOptions, w io.Writer) error {
	l := o.line
	if err := s.AddLine(ctx, o.claimID, &l); err != nil {
		return err
	}
	cl, err := s.GetClaim(ctx, o.claimID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Ligne ajoutée à la note de frais n° %d : %s, %s, %s.\n", cl.ID, frenchDay(l.Date), lineWhat(l, cl), l.Amount)
	fmt.Fprintf(w, "Total de la note : %s.\n", cl.Total())
	return nil
}

// lineWhat describes a line: the trip and how it was valued, or "dépense".
func lineWhat(l donation.ExpenseLine, cl donation.ExpenseClaim) string {
	if l.Kind != donation.KmLine {
		return l.Description + " (dépense)"
	}
	v := l.Vehicle.Label()
	if l.FiscalHP > 0 {
		v += fmt.Sprintf(" %d CV", l.FiscalHP)
	}
	if l.Electric {
		v += " électrique"
	}
	s := fmt.Sprintf("%s (%s km en %s", l.Description, groupDigits(l.Km), v)
	if l.YearKm > 0 {
		s += fmt.Sprintf(", %s km dans l'année", groupDigits(l.YearKm))
	}
	if cl.ScaleEffectiveFrom != "" {
		s += ", barème du " + frenchDay(cl.ScaleEffectiveFrom)
	}
	return s + ")"
}

// parseClaimOnly reads the arguments of the claim commands that take the
// claim number alone.
func parseClaimOnly(name string, args []string) (int64, error) {
	pos, err := parseFlagsAnywhere(newFlags(name), args)
	if err != nil {
		return 0, err
	}
	id, err := parseClaimNumber(pos, "")
	if err != nil {
		return 0, err
	}
	return id, noExtra(pos[1:])
}

func parseClaimsAttach(args []string) (int64, string, error) {
	pos, err := parseFlagsAnywhere(newFlags("donations claims attach"), args)
	if err != nil {
		return 0, "", err
	}
	id, err := parseClaimNumber(pos, ", puis le fichier du justificatif")
	if err != nil {
		return 0, "", err
	}
	if len(pos) < 2 {
		return 0, "", usagef("indiquez le fichier du justificatif (PDF ou image) après le numéro de la note de frais")
	}
	return id, pos[1], noExtra(pos[2:])
}

func runClaimsAttach(ctx context.Context, e *env, args []string) error {
	id, path, err := parseClaimsAttach(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.Gifts.GetClaim(ctx, id); err != nil {
		return err
	}
	d, err := c.Gifts.AttachDocument(ctx, id, path)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Justificatif « %s » (%s, %s) joint à la note de frais n° %d.\n",
		d.Name, d.MIME, countNoun(d.Size, "octet", "octets"), id)
	return nil
}

type claimsSignOptions struct {
	claimID int64
	date    string
	text    string
}

func parseClaimsSign(args []string, now string) (claimsSignOptions, error) {
	fs := newFlags("donations claims sign")
	date := fs.String("date", "", "")
	text := fs.String("text", "", "")
	var o claimsSignOptions
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	if o.claimID, err = parseClaimNumber(pos, ""); err != nil {
		return o, err
	}
	if err := noExtra(pos[1:]); err != nil {
		return o, err
	}
	if o.date, err = parseDateFlag("--date", *date, now); err != nil {
		return o, err
	}
	o.text = strings.TrimSpace(*text)
	return o, nil
}

func runClaimsSign(ctx context.Context, e *env, args []string) error {
	o, err := parseClaimsSign(args, today())
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Gifts.SignWaiver(ctx, o.claimID, o.date, o.text); err != nil {
		return err
	}
	cl, err := c.Gifts.GetClaim(ctx, o.claimID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Renonciation au remboursement de la note de frais n° %d (%s) signée le %s :\n  « %s »\n",
		cl.ID, cl.Total(), frenchDay(cl.WaiverSignedOn), cl.WaiverText)
	return nil
}

func runClaimsRecorded(ctx context.Context, e *env, args []string) error {
	id, err := parseClaimOnly("donations claims recorded", args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Gifts.MarkRecorded(ctx, id, true); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Note de frais n° %d : enregistrée en comptabilité.\n", id)
	return nil
}

// claimMissing lists what a claim lacks before it may become a gift that
// can be receipted (R4.7), each item saying what to do.
func claimMissing(cl donation.ExpenseClaim) []string {
	var m []string
	if len(cl.Lines) == 0 {
		m = append(m, fmt.Sprintf("les trajets ou dépenses : bureau donations claims line %d --date … --description …", cl.ID))
	}
	if len(cl.Documents) == 0 {
		m = append(m, fmt.Sprintf("les justificatifs (tickets, factures, relevé des trajets) : bureau donations claims attach %d FICHIER", cl.ID))
	}
	if cl.WaiverSignedOn == "" {
		m = append(m, fmt.Sprintf("la renonciation écrite du bénévole au remboursement : bureau donations claims sign %d --date AAAA-MM-JJ", cl.ID))
	}
	if !cl.RecordedInAccounts {
		m = append(m, fmt.Sprintf("l'écriture en comptabilité (charge et don), puis : bureau donations claims recorded %d", cl.ID))
	}
	return m
}

func runClaimsGift(ctx context.Context, e *env, args []string) error {
	id, err := parseClaimOnly("donations claims gift", args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return claimToGift(ctx, c.Gifts, id, e.stdout)
	})
}

func claimToGift(ctx context.Context, s *donation.Service, id int64, w io.Writer) error {
	cl, err := s.GetClaim(ctx, id)
	if err != nil {
		return err
	}
	if missing := claimMissing(cl); cl.GiftID == 0 && len(missing) > 0 {
		return apperr.Invalid("cli.claim_incomplete", fmt.Sprintf(
			"La note de frais n° %d ne peut pas encore devenir un don : il manque\n  - %s",
			cl.ID, strings.Join(missing, "\n  - ")))
	}
	g, err := s.ToGift(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Don n° %d créé : %s de %s, frais abandonnés le %s (note de frais n° %d).\n",
		g.ID, g.Amount, cl.VolunteerName, frenchDay(g.DateReceived), cl.ID)
	fmt.Fprintf(w, "Établissez son reçu fiscal : bureau receipts issue --gift %d\n", g.ID)
	return nil
}

func runClaimsShow(ctx context.Context, e *env, args []string) error {
	id, err := parseClaimOnly("donations claims show", args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showClaim(ctx, c.Gifts, id, e.stdout)
	})
}

func showClaim(ctx context.Context, s *donation.Service, id int64, w io.Writer) error {
	cl, err := s.GetClaim(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Note de frais n° %d — %s (bénévole n° %d), du %s\n", cl.ID, cl.VolunteerName, cl.VolunteerID, frenchDay(cl.ClaimDate))
	fmt.Fprintf(w, "Objet : %s\n", cl.Purpose)
	if len(cl.Lines) == 0 {
		fmt.Fprintln(w, "Lignes : aucune")
	} else {
		rows := [][]string{{"Date", "Ligne", "Montant"}}
		for _, l := range cl.Lines {
			rows = append(rows, []string{frenchDay(l.Date), lineWhat(l, donation.ExpenseClaim{}), l.Amount.String()})
		}
		rows = append(rows, []string{"", "Total", cl.Total().String()})
		writeTable(w, rows, 2)
	}
	scale := "aucun (pas de trajet)"
	if cl.ScaleEffectiveFrom != "" {
		scale = "version du " + frenchDay(cl.ScaleEffectiveFrom)
	}
	fmt.Fprintf(w, "Barème kilométrique : %s\n", scale)
	if cl.WaiverSignedOn == "" {
		fmt.Fprintln(w, "Renonciation : non signée")
	} else {
		fmt.Fprintf(w, "Renonciation : signée le %s — « %s »\n", frenchDay(cl.WaiverSignedOn), cl.WaiverText)
	}
	recorded := "non"
	if cl.RecordedInAccounts {
		recorded = "oui"
	}
	fmt.Fprintf(w, "Enregistrée en comptabilité : %s\n", recorded)
	fmt.Fprintf(w, "Justificatifs : %d\n", len(cl.Documents))
	for _, d := range cl.Documents {
		fmt.Fprintf(w, "  %s (%s, %s)\n", d.Name, d.MIME, countNoun(d.Size, "octet", "octets"))
	}
	if cl.GiftID != 0 {
		fmt.Fprintf(w, "Don : n° %d\n", cl.GiftID)
		return nil
	}
	fmt.Fprintln(w, "Don : pas encore créé")
	if missing := claimMissing(cl); len(missing) > 0 {
		fmt.Fprintf(w, "Reste à faire :\n  - %s\n", strings.Join(missing, "\n  - "))
	} else {
		fmt.Fprintf(w, "Complète : créez le don avec « bureau donations claims gift %d ».\n", cl.ID)
	}
	return nil
}
