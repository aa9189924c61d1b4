package mail

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// Step is one stage of connecting to a mail server, in order.
type Step string

// Connection steps.
const (
	StepDNS    Step = "dns"    // finding the server's address
	StepTCP    Step = "tcp"    // reaching it on its port
	StepTLS    Step = "tls"    // securing the connection, checking the certificate
	StepLogin  Step = "login"  // identifier and password
	StepFolder Step = "folder" // opening the chosen folders
)

// TLSProblem says why a certificate was refused.
type TLSProblem string

// Certificate problems.
const (
	TLSUnknownAuthority TLSProblem = "unknown_authority" // self-signed or unknown issuer
	TLSWrongHost        TLSProblem = "wrong_host"        // issued for another name
	TLSExpired          TLSProblem = "expired"           // expired or not yet valid
	TLSFingerprint      TLSProblem = "fingerprint"       // not the trusted fingerprint
	TLSNoStartTLS       TLSProblem = "no_starttls"       // server does not offer STARTTLS
	TLSHandshake        TLSProblem = "handshake"         // anything else (protocol, not TLS at all)
)

// CheckError says which step of a connection failed and what the office
// can do about it.
type CheckError struct {
	Step   Step
	Host   string
	Port   int
	Folder string
	// TLS is set when Step is StepTLS.
	TLS TLSProblem
	// Fingerprint is the SHA-256 of the certificate the server showed,
	// so that a self-signed one can be trusted explicitly.
	Fingerprint string
	// Folders lists the server's folders when a folder is missing.
	Folders []string
	Err     error
}

func (e *CheckError) Error() string {
	return fmt.Sprintf("%s step for %s:%d: %v", e.Step, e.Host, e.Port, e.Err)
}

func (e *CheckError) Unwrap() error { return e.Err }

// UserError turns a *CheckError in err's chain into the message shown to
// the office: what failed, exactly, and what to do. Other errors are
// returned unchanged.
func UserError(err error) error {
	var ce *CheckError
	if !errors.As(err, &ce) {
		return err
	}
	var key, msg string
	switch ce.Step {
	case StepDNS:
		key = "mail.check.dns"
		msg = fmt.Sprintf("Serveur introuvable (DNS) : le nom « %s » ne correspond à aucun serveur. Vérifiez l'orthographe du serveur IMAP et la connexion à Internet.", ce.Host)
	case StepTCP:
		key = "mail.check.tcp"
		msg = fmt.Sprintf("Connexion impossible (TCP) : le serveur %s ne répond pas sur le port %d. Vérifiez le port (993 pour TLS, 143 pour STARTTLS) et qu'aucun pare-feu ne bloque la connexion.", ce.Host, ce.Port)
	case StepTLS:
		key = "mail.check.tls." + string(ce.TLS)
		msg = tlsMessage(ce)
	case StepLogin:
		key = "mail.check.login"
		msg = fmt.Sprintf("Connexion refusée (identifiant) : le serveur %s a refusé l'identifiant ou le mot de passe. Vérifiez-les ; certains fournisseurs demandent un « mot de passe d'application ».", ce.Host)
	case StepFolder:
		key = "mail.check.folder"
		msg = fmt.Sprintf("Dossier introuvable : « %s » n'existe pas sur le serveur %s.", ce.Folder, ce.Host)
		if len(ce.Folders) > 0 {
			msg += " Dossiers disponibles : " + strings.Join(ce.Folders, ", ") + "."
		}
		msg += " Corrigez la liste des dossiers du compte."
	default:
		return err
	}
	return &apperr.Error{Kind: apperr.ErrUnavailable, Key: key, Message: msg, Err: err}
}

func tlsMessage(ce *CheckError) string {
	fp := ""
	if ce.Fingerprint != "" {
		fp = FormatFingerprint(ce.Fingerprint)
	}
	switch ce.TLS {
	case TLSUnknownAuthority:
		return fmt.Sprintf("Connexion sécurisée refusée (TLS) : le certificat du serveur %s n'est signé par aucune autorité reconnue (certificat auto-signé ?). Son empreinte SHA-256 est %s. Si la personne qui gère le serveur vous confirme cette empreinte, ajoutez-la au compte (option --fingerprint) pour lui faire confiance.", ce.Host, fp)
	case TLSWrongHost:
		return fmt.Sprintf("Connexion sécurisée refusée (TLS) : le certificat présenté n'est pas celui de %s. Vérifiez le nom du serveur IMAP (celui indiqué par votre fournisseur).", ce.Host)
	case TLSExpired:
		return fmt.Sprintf("Connexion sécurisée refusée (TLS) : le certificat du serveur %s est expiré ou pas encore valide. Vérifiez la date de l'ordinateur, sinon prévenez votre fournisseur.", ce.Host)
	case TLSFingerprint:
		return fmt.Sprintf("Connexion sécurisée refusée (TLS) : le certificat du serveur %s n'a plus l'empreinte enregistrée (il présente %s). Ne continuez pas sans avoir vérifié auprès de la personne qui gère le serveur ; si le changement est normal, enregistrez la nouvelle empreinte.", ce.Host, fp)
	case TLSNoStartTLS:
		return fmt.Sprintf("Connexion sécurisée impossible (TLS) : le serveur %s ne propose pas STARTTLS sur le port %d. Choisissez TLS sur le port 993.", ce.Host, ce.Port)
	}
	return fmt.Sprintf("Connexion sécurisée impossible (TLS) avec %s sur le port %d. Vérifiez le port et le mode de sécurité (TLS sur 993, STARTTLS sur 143).", ce.Host, ce.Port)
}
