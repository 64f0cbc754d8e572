package engine_test

import (
	"testing"

	"github.com/prioritize-dev/prioritize/internal/proptest"
)

func TestMain(m *testing.M) { proptest.Main(m) }
