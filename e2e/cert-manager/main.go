// Command cert-manager is the local cluster's cert-manager: its controller and its CA injector, over the
// packages of the published module github.com/cert-manager/cert-manager (whose own cmd/* modules are not
// published). One multi-call binary, named by its first argument or by the symlink it is invoked through:
//
//	cert-manager-controller  --kubeconfig FILE [--cluster-resource-namespace NS] [--healthz-address ADDR]
//	cert-manager-cainjector  --kubeconfig FILE [--health-address ADDR]
//
// Only what the local cluster needs runs: see controller.go and cainjector.go.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	logf "github.com/cert-manager/cert-manager/pkg/logs"
	"github.com/spf13/pflag"
	logsapi "k8s.io/component-base/logs/api/v1"
	ctrl "sigs.k8s.io/controller-runtime"
)

// A command adds its flags to fs and returns what runs once they are parsed.
type command func(fs *pflag.FlagSet) (run func(ctx context.Context, kubeconfig string) error)

var commands = map[string]command{
	"controller": controllerCommand,
	"cainjector": caInjectorCommand,
}

func main() {
	name := strings.TrimPrefix(filepath.Base(os.Args[0]), "cert-manager-")
	args := os.Args[1:]
	if commands[name] == nil && len(args) > 0 {
		name, args = args[0], args[1:]
	}
	command := commands[name]
	if command == nil {
		fmt.Fprintln(os.Stderr, "usage: cert-manager {controller|cainjector} --kubeconfig FILE [flags]")
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	logf.InitLogs()
	defer logf.FlushLogs()
	ctrl.SetLogger(logf.Log)
	ctx = logf.NewContext(ctx, logf.Log, name)

	fs := pflag.NewFlagSet(name, pflag.ExitOnError)
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig of the identity to act as (required)")
	logging := logsapi.NewLoggingConfiguration()
	logf.AddFlagsNonDeprecated(logging, fs)
	run := command(fs)
	_ = fs.Parse(args) // ExitOnError
	if *kubeconfig == "" {
		fail(name, fmt.Errorf("--kubeconfig is required"))
	}
	if err := logf.ValidateAndApply(logging); err != nil {
		fail(name, err)
	}
	if err := run(ctx, *kubeconfig); err != nil {
		fail(name, err)
	}
}

func fail(name string, err error) {
	logf.Log.Error(err, "cert-manager "+name+" failed")
	logf.FlushLogs()
	os.Exit(1)
}
