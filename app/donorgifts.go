package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// maxDonorGifts is how many gifts the donor section lists, latest first.
const maxDonorGifts = 12

// donorData is what the section shows of one donor.
type donorData struct {
	gifts    []donation.GiftRow // latest first
	receipts []receipt.Row      // latest first
}

// donorSection is « Dons et reçus » in a contact's detail panel: the
// donor's gifts with their receipt numbers, the receipts issued, and the
// actions to issue one or open one.
type donorSection struct {
	e    env
	svc  giftsServices
	acts *receiptActions

	id    int64
	name  string
	data  donorData
	gen   int
	shown int // the generation on screen
	// loaded, if set, is called once after the next load is shown.
	loaded func()

	title    *widget.Label
	summary  *widget.Label
	annual   *fyne.Container
	gifts    *fyne.Container
	receipts *fyne.Container
	content  *fyne.Container
}

func newDonorSection(e env, svc giftsServices) *donorSection {
	d := &donorSection{e: e, svc: svc}
	d.acts = newReceiptActions(e, svc, func() { d.load(d.id, d.name) })
	d.title = subheading(lang.X("donor.title", "Dons et reçus"))
	d.title.Wrapping = fyne.TextWrapWord
	d.summary = wrapped("")
	d.annual = container.NewHBox()
	d.gifts = container.NewVBox()
	d.receipts = container.NewVBox()
	bold := func(text string) *widget.Label {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	// The receipts come first: a few lines, where a monthly donor has
	// dozens of gifts.
	d.content = container.NewVBox(
		widget.NewSeparator(), // hidden with the section
		d.title,
		d.summary, d.annual,
		bold(lang.X("donor.receipts", "Reçus fiscaux")), d.receipts,
		bold(lang.X("donor.gifts", "Dons, du plus récent au plus ancien")), d.gifts)
	return d
}

// ready reports whether the last contact asked for is on screen.
func (d *donorSection) ready() bool { return d.shown == d.gen }

// clear empties the section while another contact loads.
func (d *donorSection) clear() {
	d.id, d.data = 0, donorData{}
	d.title.SetText(lang.X("donor.title", "Dons et reçus"))
	d.content.Hide()
	d.summary.SetText("")
	d.annual.Objects = nil
	d.gifts.Objects = nil
	d.receipts.Objects = nil
	d.content.Refresh()
}

// load reads the gifts and receipts of contact id, called name.
func (d *donorSection) load(id int64, name string) {
	d.id, d.name = id, name
	d.title.SetText(lang.X("donor.title_of", "Dons et reçus de {{.Name}}", map[string]any{"Name": name}))
	d.gen++
	gen, ctx := d.gen, d.e.ctx
	gifts, receipts := d.svc.gifts, d.svc.receipts
	d.e.run(func() func() {
		data, err := readDonor(ctx, gifts, receipts, id)
		return func() {
			if gen != d.gen {
				return
			}
			if err != nil {
				d.e.fail("load donor gifts", err)
				return
			}
			d.shown = gen
			d.show(data)
			if f := d.loaded; f != nil {
				d.loaded = nil
				f()
			}
		}
	})
}

func readDonor(ctx context.Context, gifts giftService, receipts receiptService, id int64) (donorData, error) {
	var data donorData
	var err error
	if data.gifts, err = gifts.ListGifts(ctx, donation.Filter{DonorID: id}); err != nil {
		return data, err
	}
	slices.Reverse(data.gifts)
	if data.receipts, err = receipts.List(ctx, receipt.Filter{DonorID: id}); err != nil {
		return data, err
	}
	slices.Reverse(data.receipts)
	return data, nil
}

func (d *donorSection) show(data donorData) {
	d.data = data
	var total money.Cents
	for _, g := range data.gifts {
		total += g.Amount
	}
	valid := 0
	for _, r := range data.receipts {
		if r.Status == donation.Valid {
			valid++
		}
	}
	// A contact who never gave (a journalist, a supplier) has no section.
	d.content.Hidden = len(data.gifts) == 0 && len(data.receipts) == 0
	receipts := lang.X("donor.valid_receipts", "{{.Count}} reçus valides", map[string]any{"Count": formatInt(valid)})
	if valid <= 1 {
		receipts = lang.X("donor.valid_receipt", "{{.Count}} reçu valide", map[string]any{"Count": valid})
	}
	d.summary.SetText(lang.X("donor.summary", "{{.Gifts}}, {{.Total}} au total ; {{.Receipts}}.",
		map[string]any{"Gifts": countGifts(len(data.gifts)), "Total": total.String(), "Receipts": receipts}))

	// One button per finished year whose gifts are not all receipted:
	// the yearly receipt covers those still without one. The current
	// year has none, since its later gifts would be left out.
	var years []string
	current := strconv.Itoa(d.e.now().Year())
	for _, g := range data.gifts {
		y := g.DateReceived[:4]
		if g.ReceiptNumber == "" && y < current && !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	d.annual.Objects = nil
	for _, y := range years[:min(len(years), 3)] {
		year, _ := strconv.Atoi(y)
		b := widget.NewButtonWithIcon(lang.X("donor.annual", "Reçu annuel {{.Year}}", map[string]any{"Year": y}), theme.DocumentIcon(),
			func() { d.acts.issueAnnual(d.id, year) })
		d.annual.Add(b)
	}
	d.annual.Refresh()

	var objs []fyne.CanvasObject
	if len(data.gifts) == 0 {
		objs = append(objs, lowLabel(lang.X("donor.no_gifts", "Aucun don.")))
	}
	for i, g := range data.gifts {
		if i == maxDonorGifts {
			objs = append(objs, lowLabel(lang.X("donor.more_gifts", "et {{.Count}} dons plus anciens : voir le registre (Dons & reçus).",
				map[string]any{"Count": len(data.gifts) - maxDonorGifts})))
			break
		}
		objs = append(objs, d.giftRow(g))
	}
	d.gifts.Objects = objs
	d.gifts.Refresh()

	objs = nil
	if len(data.receipts) == 0 {
		objs = append(objs, lowLabel(lang.X("donor.no_receipts", "Aucun reçu émis.")))
	}
	for _, r := range data.receipts {
		objs = append(objs, d.receiptRow(r))
	}
	d.receipts.Objects = objs
	d.receipts.Refresh()
	d.content.Refresh()
}

func lowLabel(text string) *widget.Label {
	l := wrapped(text)
	l.Importance = widget.LowImportance
	return l
}

// line is a one-line label that truncates rather than wraps: a wrapped
// label may break an amount, « 12 » on one line and « 500,00 € » on the
// next.
func line(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// giftRow is one gift on two lines: date, amount, method (and campaign),
// then its receipt, or the link to issue it when it has none.
func (d *donorSection) giftRow(g donation.GiftRow) fyne.CanvasObject {
	parts := []string{displayDate(g.DateReceived), g.Amount.String(), strings.ToLower(methodName(g.Method))}
	if g.Membership {
		parts = append(parts, lang.X("donor.membership", "cotisation"))
	}
	if g.Campaign != "" {
		parts = append(parts, g.Campaign)
	}
	head := line(strings.Join(parts, " · "))
	if g.ReceiptNumber != "" {
		status := line(lang.X("donor.on_receipt", "reçu n° {{.Number}}", map[string]any{"Number": g.ReceiptNumber}))
		status.Importance = widget.SuccessImportance
		return container.NewVBox(head, status)
	}
	// A link rather than a button: a monthly donor has a dozen of them.
	issue := widget.NewHyperlink(lang.X("donor.issue_gift", "Émettre le reçu de ce don"), nil)
	issue.OnTapped = func() { d.acts.issueGift(g.ID) }
	return container.NewVBox(head, container.NewHBox(issue))
}

// receiptRow is one receipt on two lines, number and amount, then date
// and status, with the button to open it.
func (d *donorSection) receiptRow(r receipt.Row) fyne.CanvasObject {
	head := line(lang.X("donor.receipt_head", "n° {{.Number}} · {{.Amount}}", map[string]any{"Number": r.Number, "Amount": r.Total.String()}))
	head.TextStyle.Bold = true
	status := line(lang.X("donor.receipt_status", "émis le {{.Date}} · {{.Status}}",
		map[string]any{"Date": displayDate(r.IssuedOn), "Status": receiptStatus(r)}))
	if r.Status == donation.Cancelled {
		head.Importance, status.Importance = widget.LowImportance, widget.LowImportance
	}
	number := r.Number
	open := widget.NewButtonWithIcon(lang.X("donor.open", "Ouvrir"), theme.DocumentIcon(), func() { d.acts.openPDF(number) })
	open.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, nil, container.NewVBox(open), container.NewVBox(head, status))
}
