// Command create-floor times pod creates through client-go, the client Kubernetes' own controllers use, on the
// API server KUBECONFIG names: the floor beside which bench/cluster/run.sh create sets fabric8's create, the call
// that is Orca's hand-off. Pods stay Pending (no node matches them) and the namespace is deleted afterwards.
//
//	create-floor <pods>
package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// namespace is new for each run: the one before may still be terminating.
var namespace = fmt.Sprintf("bench-create-go-%d", time.Now().Unix())

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: create-floor <pods>")
		os.Exit(2)
	}
	pods, err := strconv.Atoi(os.Args[1])
	if err != nil || pods < 2 {
		fmt.Fprintln(os.Stderr, "create-floor: <pods> must be a number of at least 2")
		os.Exit(2)
	}
	config, err := clientcmd.BuildConfigFromFlags("", os.Getenv("KUBECONFIG"))
	if err != nil {
		fail(err)
	}
	// The client-side rate limit (5 per second by default) would measure the limiter, not the call.
	config.QPS, config.Burst = 1000, 1000
	client := kubernetes.NewForConfigOrDie(config)
	ctx := context.Background()
	if _, err := client.CoreV1().Namespaces().Create(ctx,
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}, metav1.CreateOptions{}); err != nil {
		fail(err)
	}
	defer client.CoreV1().Namespaces().Delete(ctx, namespace, metav1.DeleteOptions{})
	waitForServiceAccount(ctx, client)

	var warm []time.Duration
	for i := 0; i < pods; i++ {
		start := time.Now()
		if _, err := client.CoreV1().Pods(namespace).Create(ctx, pod(i), metav1.CreateOptions{}); err != nil {
			fail(err)
		}
		// The first half warms the connection and the server's caches, as in the JVM's run.
		if i >= pods/2 {
			warm = append(warm, time.Since(start))
		}
	}
	sort.Slice(warm, func(a, b int) bool { return warm[a] < warm[b] })
	fmt.Printf("| client-go create | %d | %.1f | %.1f | %.1f |\n", len(warm), percentile(warm, 50),
		percentile(warm, 90), percentile(warm, 100))
}

// pod is the same pod ClusterBench's create benchmark sends through fabric8.
func pod(i int) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:        fmt.Sprintf("create-%d", i),
			Labels:      map[string]string{"app.kubernetes.io/managed-by": "orca-bench"},
			Annotations: map[string]string{"orca.sirocco.cloud/cause": "bench"},
		},
		Spec: corev1.PodSpec{
			RestartPolicy:                 corev1.RestartPolicyNever,
			TerminationGracePeriodSeconds: new(int64),
			NodeSelector:                  map[string]string{"orca.sirocco.cloud/bench": "no-such-node"},
			Containers: []corev1.Container{{
				Name: "c", Image: "busybox:1.36", Command: []string{"sh", "-c", "true"},
				Env: []corev1.EnvVar{{Name: "ORCA_INITIATOR", Value: "bench"}, {Name: "ORCA_DATA", Value: "1"}},
			}},
		},
	}
}

func waitForServiceAccount(ctx context.Context, client *kubernetes.Clientset) {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if _, err := client.CoreV1().ServiceAccounts(namespace).Get(ctx, "default", metav1.GetOptions{}); err == nil {
			return
		}
	}
	fail(fmt.Errorf("no service account default in %s after a minute", namespace))
}

// percentile of sorted durations, in ms, by the nearest-rank method ClusterBench uses.
func percentile(sorted []time.Duration, p int) float64 {
	index := int(math.Ceil(float64(p)/100*float64(len(sorted)))) - 1
	index = max(0, min(index, len(sorted)-1))
	return float64(sorted[index].Microseconds()) / 1000
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "create-floor:", err)
	os.Exit(1)
}
