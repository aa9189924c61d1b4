// Package apperr defines the error kinds shared by Bureau's core and the
// user-facing messages that the two doors (GUI and CLI) show.
//
// It imports only the standard library so that every package can use it.
package apperr

import (
	"errors"
	"fmt"
)

// Kinds of error. Compare with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
	// ErrUnavailable reports a resource the user must fix outside Bureau:
	// an unreadable file, a database from a newer version, a full disk.
	ErrUnavailable = errors.New("unavailable")
)

// Error is an error meant for a user. Key names the message in the
// translation files; Message is the French fallback, which says what
// happened and what to do.
type Error struct {
	Kind    error
	Key     string
	Message string
	// Field, when set, names the form field the message is about, so
	// that screens can show it next to that field.
	Field string
	Err   error // optional cause, for logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

// Unwrap lets errors.Is match both the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// Invalid returns a user error of kind ErrInvalid.
func Invalid(key, message string) *Error {
	return &Error{Kind: ErrInvalid, Key: key, Message: message}
}

// InvalidField returns a user error of kind ErrInvalid about one field.
func InvalidField(field, key, message string) *Error {
	return &Error{Kind: ErrInvalid, Key: key, Message: message, Field: field}
}

// NotFound returns a user error of kind ErrNotFound.
func NotFound(key, message string) *Error {
	return &Error{Kind: ErrNotFound, Key: key, Message: message}
}

// Conflict returns a user error of kind ErrConflict.
func Conflict(key, message string) *Error {
	return &Error{Kind: ErrConflict, Key: key, Message: message}
}

// Unavailable returns a user error of kind ErrUnavailable wrapping cause.
func Unavailable(key, message string, cause error) *Error {
	return &Error{Kind: ErrUnavailable, Key: key, Message: message, Err: cause}
}

// Message returns the text to show a user for err: the message of the
// first *Error in the chain, or a generic one that points to the log.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Erreur interne : le détail est dans le journal."
}

// Is reports whether err is a user error (an *Error somewhere in its chain).
func Is(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// Multi collects several user errors, for example every missing mention
// of a receipt, so that they are reported together.
type Multi []*Error

func (m Multi) Error() string {
	s := ""
	for i, e := range m {
		if i > 0 {
			s += "\n"
		}
		s += e.Message
	}
	return s
}

// Unwrap exposes the collected errors to errors.Is and errors.As.
func (m Multi) Unwrap() []error {
	out := make([]error, len(m))
	for i, e := range m {
		out[i] = e
	}
	return out
}

// OrNil returns m as an error, or nil when it is empty.
func (m Multi) OrNil() error {
	if len(m) == 0 {
		return nil
	}
	return m
}
