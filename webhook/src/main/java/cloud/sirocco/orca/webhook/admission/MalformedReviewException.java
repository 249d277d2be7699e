package cloud.sirocco.orca.webhook.admission;

/** A request the webhook cannot answer with an AdmissionReview; its message is one sentence for the caller. */
public final class MalformedReviewException extends Exception {

  public MalformedReviewException(String sentence) {
    super(sentence, null, false, false);
  }
}
