package io.microvx.mutiny;

import io.microvx.transport.Message;
import io.microvx.transport.Transport;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.microvx.transport.TransportStream;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;

/** A {@link Transport} with Mutiny types. Same transport underneath. */
public final class MutinyTransport {

  private final Transport transport;

  private MutinyTransport(Transport transport) {
    this.transport = transport;
  }

  public static MutinyTransport of(Transport transport) {
    return new MutinyTransport(transport);
  }

  public Transport delegate() {
    return transport;
  }

  public Uni<Message> request(String address, Message request, Duration timeout) {
    return Mutiny.uni(() -> transport.request(address, request, timeout));
  }

  public Uni<TransportStream> openStream(String address, Message header, Duration timeout) {
    return Mutiny.uni(() -> transport.openStream(address, header, timeout));
  }

  /** What a stream receives, read as it is requested; cancelling abandons the stream. */
  public static Multi<Message> messages(TransportStream stream) {
    return Mutiny.multi(stream, stream::cancel);
  }

  public Uni<TransportServer> listen(String address, String advertise, TransportHandler handler) {
    return Mutiny.uni(() -> transport.listen(address, advertise, handler));
  }

  public Uni<Void> close() {
    return Mutiny.uni(transport::close);
  }
}
