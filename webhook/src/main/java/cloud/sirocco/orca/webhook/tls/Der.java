package cloud.sirocco.orca.webhook.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Just enough ASN.1 DER to wrap a PKCS#1 or SEC1 key into PKCS#8: read one element, write one element. */
final class Der {

  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OBJECT_IDENTIFIER = 0x06;
  static final int SEQUENCE = 0x30;
  /** {@code [0]} EXPLICIT, constructed: where SEC1 keeps the curve. */
  static final int CONTEXT_0 = 0xA0;

  /** One element: its tag and where its contents lie in {@code source}. */
  record Element(int tag, byte[] source, int start, int end) {

    byte[] contents() {
      return Arrays.copyOfRange(source, start, end);
    }

    byte[] encoded(int headerStart) {
      return Arrays.copyOfRange(source, headerStart, end);
    }
  }

  private Der() {}

  /** Reads the element starting at {@code offset}; throws IllegalArgumentException if it does not fit. */
  static Element read(byte[] source, int offset, int limit) {
    if (offset + 2 > limit) {
      throw new IllegalArgumentException("truncated DER");
    }
    int tag = source[offset] & 0xFF;
    int length = source[offset + 1] & 0xFF;
    int start = offset + 2;
    if (length > 0x80) {
      int octets = length & 0x7F;
      if (octets > 3 || start + octets > limit) {
        throw new IllegalArgumentException("DER length out of range");
      }
      length = 0;
      for (int i = 0; i < octets; i++) {
        length = (length << 8) | (source[start + i] & 0xFF);
      }
      start += octets;
    } else if (length == 0x80) {
      throw new IllegalArgumentException("indefinite DER length");
    }
    if (start + length > limit) {
      throw new IllegalArgumentException("truncated DER");
    }
    return new Element(tag, source, start, start + length);
  }

  /** Encodes one element from its tag and the concatenation of {@code parts}. */
  static byte[] write(int tag, byte[]... parts) {
    ByteArrayOutputStream contents = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      contents.writeBytes(part);
    }
    int length = contents.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
    out.writeBytes(contents.toByteArray());
    return out.toByteArray();
  }

  /** An OBJECT IDENTIFIER element from dotted text. */
  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      long arc = Long.parseLong(arcs[i]);
      int groups = 1;
      while ((arc >> (7 * groups)) != 0) {
        groups++;
      }
      for (int g = groups - 1; g >= 0; g--) {
        out.write((int) ((arc >> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
      }
    }
    return write(OBJECT_IDENTIFIER, out.toByteArray());
  }
}
