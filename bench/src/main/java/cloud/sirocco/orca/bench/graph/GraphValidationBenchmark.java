package cloud.sirocco.orca.bench.graph;

import cloud.sirocco.orca.model.Task;
import cloud.sirocco.orca.validation.Verdict;
import cloud.sirocco.orca.validation.WorkflowRules;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What admitting one Task costs against a large namespace: {@link WorkflowRules#checkTask} (what the webhook and
 * the reconciler run) for incoming Tasks that touch 0, 10 and 1,000 existing Tasks, one of them closing a cycle
 * through all 1,000, beside the floor of a rule that would have to look at every Task once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GraphValidationBenchmark {

  static final int LONG_CHAIN = 1_000;

  /** Tasks in short chains; the long chain's 1,000 come on top. */
  @Param({"1000", "10000", "100000"})
  int shortChainTasks;

  ChainedNamespace namespace;
  Task startsOnIgnitor;
  Task extendsShortChain;
  Task extendsLongChain;
  Task closesLongCycle;

  @Setup(Level.Trial)
  public void load() {
    namespace = ChainedNamespace.of(shortChainTasks, LONG_CHAIN);
    startsOnIgnitor = ChainedNamespace.task("incoming", List.of(ChainedNamespace.IGNITOR), List.of());
    extendsShortChain = ChainedNamespace.task("incoming", List.of(), List.of(namespace.shortChainTail()));
    extendsLongChain = ChainedNamespace.task("incoming", List.of(), List.of(namespace.longChainTail()));
    // An update of the long chain's head that makes it also start on the tail's success: a cycle of 1,000.
    closesLongCycle = ChainedNamespace.task(namespace.longChainHead(), List.of(ChainedNamespace.IGNITOR),
        List.of(namespace.longChainTail()));
    // Each case must be what it says, or its figure means nothing.
    expect(startsOnIgnitor, true);
    expect(extendsShortChain, true);
    expect(extendsLongChain, true);
    expect(closesLongCycle, false);
  }

  private void expect(Task incoming, boolean allowed) {
    Verdict verdict = WorkflowRules.checkTask(incoming, namespace);
    if (verdict.errors().isEmpty() != allowed) {
      throw new IllegalStateException("case " + incoming.getSpec() + " expected allowed=" + allowed + " but got "
          + verdict.errors());
    }
  }

  @Benchmark
  public Verdict startsOnIgnitor() {
    return WorkflowRules.checkTask(startsOnIgnitor, namespace);
  }

  @Benchmark
  public Verdict extendsShortChain() {
    return WorkflowRules.checkTask(extendsShortChain, namespace);
  }

  @Benchmark
  public Verdict extendsLongChain() {
    return WorkflowRules.checkTask(extendsLongChain, namespace);
  }

  @Benchmark
  public Verdict closesLongCycle() {
    return WorkflowRules.checkTask(closesLongCycle, namespace);
  }

  /** The floor a namespace-wide rule could not go under: read every Task's success triggers once. */
  @Benchmark
  public int scanNamespace() {
    int edges = 0;
    for (Task task : namespace.all()) {
      edges += task.getSpec().getStartOnSuccess().size();
    }
    return edges;
  }
}
