// Package pgserver runs a throwaway PostgreSQL server for the tests: initdb
// into a temporary directory, started on a free local port, stopped and
// removed at the end. As root it runs the server as the user nobody, since
// PostgreSQL refuses to run as root.
package pgserver

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Server is a running test server.
type Server struct {
	dir, bin string
	port     int
	runAs    *user.User // nil: the current user
}

// Start initializes a data directory and starts a server in it.
func Start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "prioritize-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		if s.runAs, err = user.Lookup("nobody"); err != nil {
			return nil, fmt.Errorf("pgserver: as root, the server runs as nobody: %w", err)
		}
		uid, _ := strconv.Atoi(s.runAs.Uid)
		gid, _ := strconv.Atoi(s.runAs.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	if out, err := s.run("initdb", "-D", filepath.Join(dir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgserver: initdb: %w\n%s", err, out)
	}
	if s.port, err = freePort(); err != nil {
		return nil, err
	}
	if err := s.Restart(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

// DSN is the connection string of the server.
func (s *Server) DSN() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
}

// Stop stops the server at once, as a crash or a network cut would look to
// its clients.
func (s *Server) Stop() error {
	out, err := s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	if err != nil {
		return fmt.Errorf("pgserver: stop: %w\n%s", err, out)
	}
	return nil
}

// Restart starts the server again on its port.
func (s *Server) Restart() error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", s.port, s.dir)
	out, err := s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-l", filepath.Join(s.dir, "log"), "-o", opts, "-w", "start")
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		return fmt.Errorf("pgserver: start: %w\n%s\n%s", err, out, log)
	}
	return nil
}

// Close stops the server and removes its directory.
func (s *Server) Close() {
	_ = s.Stop()
	os.RemoveAll(s.dir)
}

func (s *Server) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	if s.runAs != nil {
		cmd = exec.Command("runuser", append([]string{"-u", s.runAs.Username, "--", filepath.Join(s.bin, name)}, args...)...)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// binDir finds the directory of initdb and pg_ctl: Debian keeps them in
// /usr/lib/postgresql/<version>/bin, out of PATH.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			real, _ := filepath.EvalSymlinks(p)
			return filepath.Dir(real), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("pgserver: no initdb found (install Debian's postgresql package)")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	_, port, _ := strings.Cut(l.Addr().String(), ":")
	return strconv.Atoi(port)
}
