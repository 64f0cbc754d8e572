module github.com/prioritize-dev/prioritize/store/postgres

go 1.24

replace github.com/prioritize-dev/prioritize => ../..

require (
	github.com/google/go-cmp v0.7.0
	github.com/jackc/pgx/v5 v5.7.6
	github.com/prioritize-dev/prioritize v0.0.0-00010101000000-000000000000
)

require (
	github.com/expr-lang/expr v1.17.8 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.2 // indirect
	golang.org/x/crypto v0.37.0 // indirect
	golang.org/x/sync v0.13.0 // indirect
	golang.org/x/text v0.24.0 // indirect
	pgregory.net/rapid v1.3.0 // indirect
)
