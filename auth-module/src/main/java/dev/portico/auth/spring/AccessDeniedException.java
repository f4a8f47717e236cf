package dev.portico.auth.spring;

/**
 * Authorization refused the request: the gateway answers 403 with a problem body that says no more
 * than that (the deciding policy and rule go to the decision log, never to the caller).
 */
public final class AccessDeniedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AccessDeniedException() {
    super("You are not allowed to do this.", null, false, false);
  }
}
