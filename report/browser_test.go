package report_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/report"
)

// chromium returns the path of a headless-capable Chromium, or skips the
// test when there is none; under CI (CI=true) a missing browser fails it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium: .ci/run installs Debian's chromium package; under CI the browser test must run")
	}
	t.Skip("no Chromium on this machine: apt-get install chromium to run the browser tests (.ci/run does, and under CI=true they must run)")
	return ""
}

// artifacts is where the browser test keeps what it made: $PRIORITIZE_ARTIFACTS
// when set (.ci/run sets it), else a temporary directory.
func artifacts(t *testing.T) string {
	if dir := os.Getenv("PRIORITIZE_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// runBrowser runs headless Chromium with args and returns its stdout and
// the console messages it logged.
func runBrowser(t *testing.T, bin string, args ...string) (stdout string, console []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--enable-logging=stderr", "--v=0", "--user-data-dir=" + t.TempDir()}, args...)
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, errb.String())
	}
	for _, line := range strings.Split(errb.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, line)
		}
	}
	return out.String(), console
}

// TestQuadrantInABrowser opens the chart of a 3,000-account portfolio in
// headless Chromium: the page counts the points the browser laid out (each
// with a box of non-zero size), logs nothing to the console, and its
// screenshot is not blank. The screenshot is kept as an artifact.
func TestQuadrantInABrowser(t *testing.T) {
	bin := chromium(t)
	dir := artifacts(t)
	ranked := portfolio(t, 3000, 0)
	rated := 0
	for _, as := range ranked {
		if as.Rated {
			rated++
		}
	}
	var svg bytes.Buffer
	if err := report.Quadrant(&svg, ranked, report.QuadrantOptions{Title: "3,000 accounts"}); err != nil {
		t.Fatal(err)
	}
	svgPath := filepath.Join(dir, "quadrant.svg")
	if err := os.WriteFile(svgPath, svg.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// The chart inline in a page that counts what the browser drew.
	page := `<!doctype html><html><head><meta charset="utf-8"></head><body>` + svg.String() + `<script>
const drawn = [...document.querySelectorAll("g.points circle")].filter(c => { const b = c.getBBox(); return b.width > 0 && b.height > 0; });
document.body.setAttribute("data-points", String(drawn.length));
</script></body></html>`
	htmlPath := filepath.Join(dir, "quadrant.html")
	if err := os.WriteFile(htmlPath, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, console := runBrowser(t, bin, "--dump-dom", "file://"+htmlPath)
	m := regexp.MustCompile(`data-points="(\d+)"`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the page did not count its points (did its script run?):\n%.500s", dom)
	}
	if n, _ := strconv.Atoi(m[1]); n != rated {
		t.Errorf("the browser drew %d points, want %d (one per rated account)", n, rated)
	}
	if len(console) > 0 {
		t.Errorf("console messages: %s", strings.Join(console, "\n"))
	}

	shot := filepath.Join(dir, "quadrant.png")
	_, console = runBrowser(t, bin, "--window-size=800,600", "--screenshot="+shot, "file://"+svgPath)
	if len(console) > 0 {
		t.Errorf("console messages: %s", strings.Join(console, "\n"))
	}
	checkScreenshot(t, shot, 800, 600)
}

// checkScreenshot fails unless the PNG at path is w x h and not blank: at
// least 2% of its pixels inked and 16 colours.
func checkScreenshot(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	colors := map[[3]uint32]bool{}
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			colors[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if r>>8 < 240 || g>>8 < 240 || bl>>8 < 240 {
				inked++
			}
		}
	}
	share := float64(inked) / float64(b.Dx()*b.Dy())
	t.Logf("screenshot %s: %dx%d, %.1f%% of pixels inked, %d colours", path, b.Dx(), b.Dy(), 100*share, len(colors))
	if b.Dx() != w || b.Dy() != h || share < 0.02 || len(colors) < 16 {
		t.Errorf("the screenshot looks blank: %s", fmt.Sprintf("%dx%d, %.2f%% inked, %d colours", b.Dx(), b.Dy(), 100*share, len(colors)))
	}
}
