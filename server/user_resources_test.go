package server

import (
	"testing"
	"time"

	"github.com/loopdb/loopdb/mysqldef"
)

func wantLimit(t *testing.T, err error, code uint16, msg string) {
	t.Helper()
	e, ok := err.(*mysqldef.SQLError)
	if !ok || e.Code != code || e.Message != msg {
		t.Fatalf("got %v, want %d %q", err, code, msg)
	}
}

func TestResourceLimitsStatements(t *testing.T) {
	r := newUserResources()
	u := r.usage(&Account{User: "app", Host: "%", MaxQuestions: 3, MaxUpdates: 1})
	if err := u.Admit(true); err != nil {
		t.Fatal(err)
	}
	wantLimit(t, u.Admit(true), mysqldef.ErrUserLimitReached, "User 'app' has exceeded the 'max_updates' resource (current value: 1)")
	if err := u.Admit(false); err != nil {
		t.Fatal(err)
	}
	wantLimit(t, u.Admit(false), mysqldef.ErrUserLimitReached, "User 'app' has exceeded the 'max_questions' resource (current value: 3)")
	// FLUSH USER_RESOURCES starts the hour again.
	r.flush()
	if err := u.Admit(false); err != nil {
		t.Fatal(err)
	}
	// So does the end of the hour.
	u.questions.Store(100)
	u.windowStart.Store(time.Now().Add(-resourceWindow).UnixNano())
	if err := u.Admit(false); err != nil {
		t.Fatal(err)
	}
	// ALTER USER lifting the limit reaches a connected session.
	r.setLimits("app", "%", Limits{})
	for range 10 {
		if err := u.Admit(true); err != nil {
			t.Fatal(err)
		}
	}
}

func TestResourceLimitsConnections(t *testing.T) {
	r := newUserResources()
	u := r.usage(&Account{User: "app", Host: "%", MaxUserConnections: 2, MaxConnections: 3})
	for range 2 {
		if err := u.login(0); err != nil {
			t.Fatal(err)
		}
	}
	wantLimit(t, u.login(0), mysqldef.ErrUserLimitReached, "User 'app' has exceeded the 'max_user_connections' resource (current value: 2)")
	u.logout()
	if err := u.login(0); err != nil {
		t.Fatal(err)
	}
	u.logout()
	wantLimit(t, u.login(0), mysqldef.ErrUserLimitReached, "User 'app' has exceeded the 'max_connections_per_hour' resource (current value: 3)")
	if got := u.open.Load(); got != 1 {
		t.Fatalf("%d connections counted open, want 1", got)
	}
	// The global max_user_connections applies to accounts without their own.
	g := r.usage(&Account{User: "other", Host: "%"})
	if err := g.login(1); err != nil {
		t.Fatal(err)
	}
	wantLimit(t, g.login(1), mysqldef.ErrTooManyUserConnections, "User other already has more than 'max_user_connections' active connections")
	// The same account is the same record; a dropped one starts afresh.
	if r.usage(&Account{User: "other", Host: "%"}) != g {
		t.Fatal("second login got another record")
	}
	r.forget("other", "%")
	if r.usage(&Account{User: "other", Host: "%"}) == g {
		t.Fatal("record survived DROP USER")
	}
}

func TestPasswordExpired(t *testing.T) {
	now := time.Unix(1_000_000_000, 0)
	day := int64(86400)
	for _, c := range []struct {
		a    Account
		want bool
	}{
		{Account{}, false},
		{Account{Expired: true}, true},
		{Account{Lifetime: 2, PasswordChanged: now.Unix() - day}, false},
		{Account{Lifetime: 2, PasswordChanged: now.Unix() - 2*day}, true},
		{Account{Lifetime: -1, PasswordChanged: 1}, false},
	} {
		if got := c.a.passwordExpired(now); got != c.want {
			t.Errorf("%+v: %v", c.a, got)
		}
	}
}
