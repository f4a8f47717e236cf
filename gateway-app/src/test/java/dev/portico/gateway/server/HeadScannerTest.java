package dev.portico.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.server.HeadScanner.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadScannerTest {

  private final HeadScanner scanner = new HeadScanner();

  private Result scan(String text) {
    ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    try {
      return scanner.scan(bytes, bytes.readerIndex(), bytes.readableBytes());
    } finally {
      bytes.release();
    }
  }

  @Test
  void aPlainHeadEndsAtTheEmptyLine() {
    assertThat(scan("GET /a HTTP/1.1\r\nHost: a\r\nX-A: b c\r\n\r\nbody\r\n more"))
        .isEqualTo(Result.END_OF_HEAD);
  }

  @Test
  void aHeadSplitAcrossReadsIsFollowed() {
    assertThat(scan("POST /a HT")).isEqualTo(Result.MORE);
    assertThat(scan("TP/1.1\r")).isEqualTo(Result.MORE);
    assertThat(scan("\nHost: a\r\n")).isEqualTo(Result.MORE);
    assertThat(scan("\r")).isEqualTo(Result.MORE);
    assertThat(scan("\n")).isEqualTo(Result.END_OF_HEAD);
  }

  @Test
  void aLineBeginningWithSpaceOrTabIsAFold() {
    assertThat(scan("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n")).isEqualTo(Result.FOLDED_LINE);
    scanner.reset();
    assertThat(scan("GET / HTTP/1.1\r\nX-A: a\r\n")).isEqualTo(Result.MORE);
    assertThat(scan("\tb\r\n\r\n")).isEqualTo(Result.FOLDED_LINE);
    scanner.reset();
    assertThat(scan("GET / HTTP/1.1\n Host: a\n\n")).isEqualTo(Result.FOLDED_LINE);
  }

  @Test
  void emptyLinesBeforeTheRequestLineAreSkipped() {
    assertThat(scan("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(Result.END_OF_HEAD);
  }

  @Test
  void bytesThatDoNotStartWithARequestLineAreNotJudged() {
    assertThat(scan("ody of an earlier request\r\n  indented\r\n\r\n"))
        .isEqualTo(Result.LOST_TRACK);
    scanner.reset();
    assertThat(scan("GET /no-version\r\n x\r\n\r\n")).isEqualTo(Result.LOST_TRACK);
    scanner.reset();
    assertThat(scan("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).isEqualTo(Result.END_OF_HEAD);
  }

  @Test
  void afterAResultTheScannerStaysPutUntilReset() {
    assertThat(scan("GET / HTTP/1.1\r\n\r\n")).isEqualTo(Result.END_OF_HEAD);
    assertThat(scan(" folded-looking body")).isEqualTo(Result.END_OF_HEAD);
    scanner.reset();
    assertThat(scan("GET / HTTP/1.1\r\n")).isEqualTo(Result.MORE);
  }
}
