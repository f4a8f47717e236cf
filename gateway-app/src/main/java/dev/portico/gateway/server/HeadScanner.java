package dev.portico.gateway.server;

import io.netty.util.ByteProcessor;

/**
 * Reads the bytes of one HTTP/1.x request head as they arrive, across reads, and says where it ends
 * and whether a header line was folded (began with a space or tab: obsolete line folding, which RFC
 * 9112 §5.2 lets a server refuse; Netty would unfold it silently).
 *
 * <p>It checks that the first line looks like a request line ({@code METHOD SP target SP
 * HTTP/x.y}); when it does not, the scanner was not started at a request's first byte and gives up
 * ({@link #lostTrack()}) rather than guess. Not thread-safe: one per connection, on its event loop.
 */
final class HeadScanner implements ByteProcessor {

  /** What a scan of one buffer found. */
  enum Result {
    /** The head continues in the next read. */
    MORE,
    /** The head ended within the buffer; the rest is body or the next request. */
    END_OF_HEAD,
    /** A header line began with whitespace. */
    FOLDED_LINE,
    /** The first line was not a request line: the scanner was not at a head's start. */
    LOST_TRACK
  }

  private static final byte[] VERSION_PREFIX = {'H', 'T', 'T', 'P', '/'};

  private boolean inRequestLine = true;
  private boolean atLineStart = true;
  private int lineLength;
  private boolean methodEnded;
  private final byte[] lastOfLine = new byte[8];
  private Result result = Result.MORE;

  /** Starts over, for the head of the next request. */
  void reset() {
    inRequestLine = true;
    atLineStart = true;
    lineLength = 0;
    methodEnded = false;
    result = Result.MORE;
  }

  /** Scans {@code length} bytes of {@code buffer} from {@code index}. */
  Result scan(io.netty.buffer.ByteBuf buffer, int index, int length) {
    if (result != Result.MORE) {
      return result;
    }
    buffer.forEachByte(index, length, this);
    return result;
  }

  boolean lostTrack() {
    return result == Result.LOST_TRACK;
  }

  @Override
  public boolean process(byte b) {
    if (b == '\n') {
      return endOfLine();
    }
    if (b == '\r') {
      return true;
    }
    if (inRequestLine) {
      return requestLineByte(b);
    }
    if (atLineStart && (b == ' ' || b == '\t')) {
      result = Result.FOLDED_LINE;
      return false;
    }
    atLineStart = false;
    lineLength++;
    return true;
  }

  private boolean endOfLine() {
    if (inRequestLine) {
      if (lineLength == 0) {
        return true; // RFC 9112 §2.2: empty lines before the request line are ignored
      }
      if (!endsWithVersion()) {
        result = Result.LOST_TRACK;
        return false;
      }
      inRequestLine = false;
    } else if (lineLength == 0) {
      result = Result.END_OF_HEAD;
      return false;
    }
    lineLength = 0;
    atLineStart = true;
    return true;
  }

  private boolean requestLineByte(byte b) {
    if (!methodEnded) {
      if (b == ' ' && lineLength > 0) {
        methodEnded = true;
      } else if (b < 'A' || b > 'Z') {
        result = Result.LOST_TRACK;
        return false;
      }
    }
    lastOfLine[lineLength % lastOfLine.length] = b;
    lineLength++;
    return true;
  }

  /** Whether the request line ends with {@code HTTP/x.y}: its last eight bytes. */
  private boolean endsWithVersion() {
    if (!methodEnded || lineLength < lastOfLine.length + 2) {
      return false;
    }
    int start = lineLength % lastOfLine.length; // oldest of the last eight bytes
    for (int i = 0; i < VERSION_PREFIX.length; i++) {
      if (lastOfLine[(start + i) % lastOfLine.length] != VERSION_PREFIX[i]) {
        return false;
      }
    }
    return true;
  }
}
