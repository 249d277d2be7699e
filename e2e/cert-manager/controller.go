package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/cert-manager/cert-manager/pkg/controller"
	"github.com/cert-manager/cert-manager/pkg/healthz"
	logf "github.com/cert-manager/cert-manager/pkg/logs"
	"github.com/spf13/pflag"
	"golang.org/x/sync/errgroup"

	// Controllers and issuer types register themselves in init(); what is not imported does not exist.
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/selfsigned"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	_ "github.com/cert-manager/cert-manager/pkg/controller/clusterissuers"
	_ "github.com/cert-manager/cert-manager/pkg/controller/issuers"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned"
)

// The controllers run, by the names they register under. Without the approver, the signers leave every
// CertificateRequest waiting for an approval that never comes.
var controllers = []string{
	"issuers",
	"clusterissuers",
	"certificaterequests-approver",
	"certificaterequests-issuer-selfsigned",
	"certificaterequests-issuer-ca",
	"certificates-trigger",
	"certificates-issuing",
	"certificates-key-manager",
	"certificates-request-manager",
	"certificates-readiness",
	"certificates-revision-manager",
}

// Upstream's defaults (internal/apis/config/controller/v1alpha1/defaults.go).
const (
	apiQPS             = 20
	apiBurst           = 50
	workers            = 5
	minRequestBackoff  = time.Hour
	maxRequestBackoff  = 32 * time.Hour
	livezLeaderTimeout = 20 * time.Second
)

func controllerCommand(fs *pflag.FlagSet) func(ctx context.Context, kubeconfig string) error {
	clusterResourceNamespace := fs.String("cluster-resource-namespace", "cert-manager",
		"where the Secrets that ClusterIssuers refer to live")
	healthzAddress := fs.String("healthz-address", "127.0.0.1:9403", "address of the /livez endpoint")
	return func(ctx context.Context, kubeconfig string) error {
		return runController(ctx, kubeconfig, *clusterResourceNamespace, *healthzAddress)
	}
}

// runController runs the controllers until ctx ends, as upstream's controller does without leader election:
// every controller is built before the shared informers start, so each has registered the informers it needs.
func runController(ctx context.Context, kubeconfig, clusterResourceNamespace, healthzAddress string) error {
	log := logf.FromContext(ctx)
	factory, err := controller.NewContextFactory(ctx, controller.ContextOptions{
		Kubeconfig:         kubeconfig,
		KubernetesAPIQPS:   apiQPS,
		KubernetesAPIBurst: apiBurst,
		IssuerOptions:      controller.IssuerOptions{ClusterResourceNamespace: clusterResourceNamespace},
		CertificateOptions: controller.CertificateOptions{
			CertificateRequestMinimumBackoffDuration: minRequestBackoff,
			CertificateRequestMaximumBackoffDuration: maxRequestBackoff,
		},
	})
	if err != nil {
		return err
	}
	shared, err := factory.Build()
	if err != nil {
		return err
	}
	listener, err := (&net.ListenConfig{}).Listen(ctx, "tcp", healthzAddress)
	if err != nil {
		return fmt.Errorf("listening for /livez on %s: %w", healthzAddress, err)
	}

	g, ctx := errgroup.WithContext(ctx)
	for _, name := range controllers {
		construct := controller.Known()[name]
		if construct == nil {
			return fmt.Errorf("controller %q is not linked in", name)
		}
		c, err := construct(factory)
		if err != nil {
			return fmt.Errorf("building controller %s: %w", name, err)
		}
		g.Go(func() error { return c.Run(workers, ctx) })
	}
	shared.SharedInformerFactory.Start(ctx.Done())
	shared.KubeSharedInformerFactory.Start(ctx.Done())
	g.Go(func() error { return healthz.NewServer(livezLeaderTimeout).Start(ctx, listener) })
	log.Info("started", "controllers", controllers, "clusterResourceNamespace", clusterResourceNamespace)
	err = g.Wait()
	shared.KubeSharedInformerFactory.Shutdown()
	shared.SharedInformerFactory.Shutdown()
	return err
}
