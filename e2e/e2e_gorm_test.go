package e2e

import (
	"errors"
	"strings"
	"testing"
	"time"

	gormmysql "gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// GORM (gorm.io/gorm with its MySQL driver) against a real loopdb: AutoMigrate of models with
// belongs-to, has-many and many-to-many associations creates tables and foreign keys and reads
// them back from information_schema (a second AutoMigrate must find every constraint, or it
// would add it again and fail); CRUD with preloading; foreign keys enforced and cascading;
// transactions and nested transactions (savepoints).

type GormCompany struct {
	ID   uint
	Name string `gorm:"size:64;uniqueIndex"`
}

type GormUser struct {
	ID          uint
	Name        string `gorm:"size:64"`
	CompanyID   *uint
	Company     *GormCompany     // belongs-to
	CreditCards []GormCreditCard `gorm:"constraint:OnDelete:CASCADE"` // has-many
	Languages   []GormLanguage   `gorm:"many2many:gorm_user_languages"`
	CreatedAt   time.Time
}

type GormCreditCard struct {
	ID         uint
	Number     string `gorm:"size:32"`
	GormUserID uint
}

type GormLanguage struct {
	ID   uint
	Code string `gorm:"size:8;uniqueIndex"`
}

func TestGORM(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	admin := openDB(t, s.dsnTCP("root", "", ""))
	if _, err := admin.Exec("CREATE DATABASE gormdb"); err != nil {
		t.Fatal(err)
	}
	db, err := gorm.Open(gormmysql.Open(s.dsnTCP("root", "", "gormdb", "parseTime=true")),
		&gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatal(err)
	}
	models := []any{&GormCompany{}, &GormUser{}, &GormCreditCard{}, &GormLanguage{}}
	for i := 0; i < 2; i++ { // the second pass must see everything the first created
		if err := db.AutoMigrate(models...); err != nil {
			t.Fatalf("AutoMigrate pass %d: %v", i+1, err)
		}
	}
	var fks []string
	if err := db.Raw(`SELECT CONCAT(TABLE_NAME, ':', CONSTRAINT_NAME, '->', REFERENCED_TABLE_NAME, ':', DELETE_RULE)
		FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'gormdb'
		ORDER BY TABLE_NAME, CONSTRAINT_NAME`).Scan(&fks).Error; err != nil {
		t.Fatal(err)
	}
	want := "gorm_credit_cards:fk_gorm_users_credit_cards->gorm_users:CASCADE " +
		"gorm_user_languages:fk_gorm_user_languages_gorm_language->gorm_languages:NO ACTION " +
		"gorm_user_languages:fk_gorm_user_languages_gorm_user->gorm_users:NO ACTION " +
		"gorm_users:fk_gorm_users_company->gorm_companies:NO ACTION"
	if got := strings.Join(fks, " "); got != want {
		t.Fatalf("foreign keys after AutoMigrate:\n got %s\nwant %s", got, want)
	}

	// Create with associations, then read back with preloading.
	u := GormUser{Name: "ann", Company: &GormCompany{Name: "acme"},
		CreditCards: []GormCreditCard{{Number: "4111"}, {Number: "5500"}},
		Languages:   []GormLanguage{{Code: "en"}, {Code: "fr"}}}
	if err := db.Create(&u).Error; err != nil {
		t.Fatal(err)
	}
	var got GormUser
	if err := db.Preload("Company").Preload("CreditCards").Preload("Languages").First(&got, u.ID).Error; err != nil {
		t.Fatal(err)
	}
	if got.Company == nil || got.Company.Name != "acme" || len(got.CreditCards) != 2 || len(got.Languages) != 2 ||
		got.CreditCards[0].Number != "4111" || got.Languages[1].Code != "fr" {
		t.Fatalf("preloaded user: %+v", got)
	}
	if err := db.Model(&got).Update("Name", "anne").Error; err != nil {
		t.Fatal(err)
	}

	// The constraints hold: a card of no user, and a user still referenced by the join table.
	err = db.Create(&GormCreditCard{Number: "0000", GormUserID: 9999}).Error
	if err == nil || !strings.Contains(err.Error(), "1452") {
		t.Fatalf("card without user: %v, want error 1452", err)
	}
	err = db.Delete(&GormUser{}, u.ID).Error
	if err == nil || !strings.Contains(err.Error(), "1451") {
		t.Fatalf("delete of a user with languages: %v, want error 1451", err)
	}
	if err := db.Model(&got).Association("Languages").Clear(); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(&GormUser{}, u.ID).Error; err != nil {
		t.Fatal(err)
	}
	var cards int64
	if err := db.Model(&GormCreditCard{}).Count(&cards).Error; err != nil || cards != 0 {
		t.Fatalf("cards after the user's delete (ON DELETE CASCADE): %d, %v", cards, err)
	}

	// Transactions: an inner transaction (a savepoint) rolls back alone; an outer one that
	// fails on a foreign key leaves nothing.
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&GormCompany{Name: "outer"}).Error; err != nil {
			return err
		}
		inner := tx.Transaction(func(tx2 *gorm.DB) error {
			if err := tx2.Create(&GormCompany{Name: "inner"}).Error; err != nil {
				return err
			}
			return errors.New("roll back the savepoint")
		})
		if inner == nil {
			return errors.New("inner transaction did not fail")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&GormCompany{Name: "doomed"}).Error; err != nil {
			return err
		}
		bad := uint(424242)
		return tx.Create(&GormUser{Name: "nobody", CompanyID: &bad}).Error
	})
	if err == nil || !strings.Contains(err.Error(), "1452") {
		t.Fatalf("transaction with a bad company id: %v, want error 1452", err)
	}
	var names []string
	if err := db.Model(&GormCompany{}).Order("name").Pluck("name", &names).Error; err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names, ","); got != "acme,outer" {
		t.Fatalf("companies after the transactions: %s, want acme,outer", got)
	}
}
