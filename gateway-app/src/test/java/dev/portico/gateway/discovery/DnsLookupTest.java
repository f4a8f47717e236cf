package dev.portico.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * SRV data decoding. dnsmasq writes SRV targets uncompressed, but other servers compress them
 * (against RFC 2782); Netty hands the record data over as a view into the whole message (a
 * duplicate with the record's indices), so a compression pointer must still resolve.
 */
class DnsLookupTest {

  @Test
  void srvTargetWithACompressionPointerIntoTheMessageIsDecoded() {
    ByteBuf message = Unpooled.buffer();
    message.writeZero(12); // header
    int example = message.writerIndex();
    message.writeByte(7).writeBytes("example".getBytes()).writeByte(0);
    int start = message.writerIndex();
    message.writeShort(10).writeShort(60).writeShort(8443);
    message.writeByte(3).writeBytes("api".getBytes()).writeShort(0xc000 | example);
    ByteBuf content = message.duplicate().setIndex(start, message.writerIndex());
    try {
      assertThat(DnsLookup.decodeSrv(content))
          .isEqualTo(new DnsLookup.Srv(10, 60, 8443, "api.example"));
    } finally {
      message.release();
    }
  }

  @Test
  void srvTargetRootMeansNoServiceAndStaysADot() {
    ByteBuf content = Unpooled.buffer().writeShort(0).writeShort(0).writeShort(0).writeByte(0);
    try {
      assertThat(DnsLookup.decodeSrv(content).target()).isEqualTo(".");
    } finally {
      content.release();
    }
  }
}
