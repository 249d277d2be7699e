package cloud.sirocco.orca.run;

/** Where a run stands. */
public enum RunPhase {
  Pending,
  Running,
  Succeeded,
  Failed;

  public boolean finished() {
    return this == Succeeded || this == Failed;
  }
}
