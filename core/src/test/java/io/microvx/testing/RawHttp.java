package io.microvx.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends bytes no HTTP client would (a request without {@code Host}) over a plain socket from the test's
 * own thread, and reads the answer until the server closes or 64 KiB have come.
 */
public final class RawHttp {

  private RawHttp() {
  }

  /** The whole answer (status line, headers, body) to the request text. */
  public static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] chunk = new byte[4096];
      int n;
      while (answer.size() < 65536 && (n = in.read(chunk)) > 0) {
        answer.write(chunk, 0, n);
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
