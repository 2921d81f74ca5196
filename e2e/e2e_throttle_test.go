package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Password guessing is throttled like MySQL's connection_control: 50
// connections trying up to 1,000 wrong passwords for one account are slowed
// to a crawl once it has failed three times in a row, while another
// account's logins from the same address keep their speed (within 2x), the
// log says which account is throttled and never holds a password, and the
// right password still gets in.
func TestLoginThrottleBruteForce(t *testing.T) {
	s := startServer(t)
	ctx := ctxT(t, 2*time.Minute)
	root := openDB(t, s.dsnTCP("root", "", ""))
	const victimPW, otherPW = "Victim-Secret-1", "Other-Secret-2"
	mustExec(t, ctx, root,
		"CREATE USER victim IDENTIFIED BY '"+victimPW+"'", "CREATE USER other IDENTIFIED BY '"+otherPW+"'",
		"SET GLOBAL connection_control_max_connection_delay = 2000")

	login := func(user, pw string) (time.Duration, error) {
		db, err := sql.Open("mysql", s.dsnTCP(user, pw, ""))
		if err != nil {
			return 0, err
		}
		defer db.Close()
		start := time.Now()
		err = db.PingContext(ctx)
		return time.Since(start), err
	}
	median := func(n int) time.Duration {
		var d []time.Duration
		for i := 0; i < n; i++ {
			took, err := login("other", otherPW)
			if err != nil {
				t.Fatalf("other's login: %v", err)
			}
			d = append(d, took)
		}
		slices.Sort(d)
		return d[len(d)/2]
	}
	median(3) // warm the caching_sha2 fast path
	baseline := median(15)

	const attackers, guesses, attackFor = 50, 1000, 5 * time.Second
	var tried, denied atomic.Int64
	attackCtx, stop := context.WithTimeout(ctx, attackFor)
	defer stop()
	var wg sync.WaitGroup
	for a := 0; a < attackers; a++ {
		wg.Add(1)
		go func(a int) {
			defer wg.Done()
			for i := 0; attackCtx.Err() == nil; i++ {
				n := tried.Add(1)
				if n > guesses {
					return
				}
				db, _ := sql.Open("mysql", s.dsnTCP("victim", fmt.Sprintf("guess-%d-%d", a, i), ""))
				err := db.PingContext(attackCtx)
				db.Close()
				if myErrNumber(err) == 1045 {
					denied.Add(1)
				}
			}
		}(a)
	}
	time.Sleep(time.Second) // past the threshold
	during := median(15)
	wg.Wait()

	if denied.Load() >= guesses {
		t.Fatalf("all %d guesses were answered within %v: not throttled", guesses, attackFor)
	}
	// Unthrottled, 50 connections answer hundreds of guesses a second here;
	// throttled, each connection gets about one answer per second or two.
	if max := int64(attackers * (3 + int(attackFor/time.Second))); denied.Load() > max {
		t.Fatalf("%d guesses answered in %v, more than the throttle allows (%d)", denied.Load(), attackFor, max)
	}
	if during > 2*baseline && during > baseline+20*time.Millisecond {
		t.Fatalf("another account's login took %v during the attack against %v before it", during, baseline)
	}
	var name, delays string
	if err := root.QueryRowContext(ctx, "SHOW GLOBAL STATUS LIKE 'Connection_control_delay_generated'").Scan(&name, &delays); err != nil || delays == "0" {
		t.Fatalf("Connection_control_delay_generated = %q, %v", delays, err)
	}
	// The owner still gets in, after the delay, and that resets the count.
	if _, err := login("victim", victimPW); err != nil {
		t.Fatalf("the right password after the attack: %v", err)
	}
	if took, err := login("victim", victimPW); err != nil || took > time.Second {
		t.Fatalf("a login after a successful one took %v (%v): the count was not reset", took, err)
	}
	log := s.log.String()
	if !strings.Contains(log, "login throttled") || !strings.Contains(log, "user=victim") {
		t.Fatal("no log line names the throttled account")
	}
	for _, secret := range []string{victimPW, otherPW, "guess-"} {
		if strings.Contains(log, secret) {
			t.Fatalf("the server log contains a password (%q)", secret)
		}
	}
	t.Logf("%d guesses answered in %v; other's login: %v before, %v during", denied.Load(), attackFor, baseline, during)
}
