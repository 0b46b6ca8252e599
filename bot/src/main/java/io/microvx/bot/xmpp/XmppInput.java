package io.microvx.bot.xmpp;

import io.microvx.bot.ChatMessage;
import io.microvx.bot.Conversation;
import io.microvx.bot.Input;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.chat2.Chat;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.Occupant;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * XMPP with Smack: every message of a one-to-one chat is a command; in a room, a message that starts with
 * the bot's nickname ({@code micro: list services}, {@code @micro ping}). Smack connects, logs in and sends
 * on worker threads (it blocks) and delivers messages on its own threads, from which they hop onto the
 * bot's context. The connection reconnects by itself, and rejoins the rooms.
 */
final class XmppInput implements Input {

  private static final Logger log = LoggerFactory.getLogger(XmppInput.class);

  private static final int RECONNECT_DELAY_SECONDS = 3;

  private final Vertx vertx;
  private final XmppOptions options;
  private final List<MultiUserChat> rooms = new java.util.concurrent.CopyOnWriteArrayList<>();
  private XMPPTCPConnection connection;
  private Context context;

  XmppInput(Vertx vertx, XmppOptions options) {
    if (options.getJid() == null || options.getPassword() == null) {
      throw new IllegalArgumentException("the xmpp input needs xmpp_jid and xmpp_password (MICRO_XMPP_JID, MICRO_XMPP_PASSWORD):"
        + " the bot's account");
    }
    this.vertx = vertx;
    this.options = new XmppOptions(options);
  }

  @Override
  public String name() {
    return "xmpp";
  }

  @Override
  public Future<Void> start(Conversation conversation) {
    context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      connection = connect();
      ChatManager.getInstanceFor(connection).addIncomingListener((from, message, chat) ->
        context.runOnContext(v -> direct(conversation, from, message, chat)));
      MultiUserChatManager rooms = MultiUserChatManager.getInstanceFor(connection);
      // Smack's own rejoin gives up when leaving the old session's room times out (the server has
      // already dropped that occupant and does not answer): the rooms are rejoined here instead
      rooms.setAutoJoinOnReconnect(false);
      for (String room : options.getRooms()) {
        MultiUserChat chat = rooms.getMultiUserChat(JidCreate.entityBareFrom(room));
        enter(chat);
        chat.addMessageListener(message -> context.runOnContext(v -> inRoom(conversation, chat, message)));
        this.rooms.add(chat);
      }
      connection.addConnectionListener(new ConnectionListener() {
        @Override
        public void authenticated(XMPPConnection again, boolean resumed) {
          if (!resumed) {
            vertx.executeBlocking(() -> {
              rejoin();
              return null;
            }, false);
          }
        }
      });
      ReconnectionManager reconnection = ReconnectionManager.getInstanceFor(connection);
      // a steady few seconds between attempts: chat ops should come back soon after the server does
      reconnection.setReconnectionPolicy(ReconnectionManager.ReconnectionPolicy.FIXED_DELAY);
      reconnection.setFixedDelay(RECONNECT_DELAY_SECONDS);
      reconnection.enableAutomaticReconnection();
      return null;
    }, false).recover(failure -> Future.failedFuture(new IllegalStateException("XMPP " + options.getJid() + ": "
      + firstLine(failure.getMessage()), failure))).onSuccess(v -> log.info("bot xmpp: signed in as {}", options.getJid())).mapEmpty();
  }

  private XMPPTCPConnection connect() throws Exception {
    EntityBareJid jid = JidCreate.entityBareFrom(options.getJid());
    XMPPTCPConnectionConfiguration.Builder builder = XMPPTCPConnectionConfiguration.builder()
      .setXmppDomain(jid.asDomainBareJid())
      .setUsernameAndPassword(jid.getLocalpart().toString(), options.getPassword())
      .setResource("micro-bot")
      .setSecurityMode(switch (options.getTls()) {
        case "disabled" -> SecurityMode.disabled;
        case "optional" -> SecurityMode.ifpossible;
        default -> SecurityMode.required;
      });
    if (options.getAddress() != null) {
      String address = options.getAddress();
      int colon = address.lastIndexOf(':');
      builder.setHost(address.substring(0, colon)).setPort(Integer.parseInt(address.substring(colon + 1)));
    }
    XMPPTCPConnection made = new XMPPTCPConnection(builder.build());
    made.connect().login();
    return made;
  }

  private void enter(MultiUserChat room) throws Exception {
    Resourcepart nickname = Resourcepart.from(options.getNickname());
    MucEnterConfiguration enter = room.getEnterConfigurationBuilder(nickname).requestNoHistory().build();
    MultiUserChat.MucCreateConfigFormHandle created = room.createOrJoin(enter);
    if (created != null) {
      // a room the bot made: open it at once with the server's defaults
      created.makeInstant();
    }
  }

  /** After a reconnect (a new session): each room entered again. */
  private void rejoin() {
    for (MultiUserChat room : rooms) {
      try {
        if (room.isJoined()) {
          try {
            room.leave();
          } catch (Exception e) {
            // the old session's place in the room is gone already; leave() forgets it either way
          }
        }
        enter(room);
        log.info("bot xmpp: back in {}", room.getRoom());
      } catch (Exception e) {
        log.warn("bot xmpp: could not rejoin {}: {}", room.getRoom(), e.getMessage());
      }
    }
  }

  private void direct(Conversation conversation, EntityBareJid from, Message message, Chat chat) {
    if (message.getBody() == null || message.getBody().isBlank()) {
      return;
    }
    ChatMessage said = new ChatMessage(name(), from.toString(), from.getLocalpart().toString(), from.toString(), message.getBody());
    conversation.answer(said).compose(reply -> send(() -> chat.send(reply.text().isEmpty() ? "(empty)" : reply.text())))
      .onFailure(failure -> log.warn("bot xmpp: the answer to {} could not be sent: {}", from, failure.getMessage()));
  }

  private void inRoom(Conversation conversation, MultiUserChat room, Message message) {
    Jid from = message.getFrom();
    String body = message.getBody();
    if (body == null || from == null || from.getResourceOrNull() == null
      || from.getResourceOrEmpty().toString().equals(options.getNickname())) {
      return;
    }
    String text = addressed(body);
    if (text == null) {
      return;
    }
    String nick = from.getResourceOrEmpty().toString();
    // the occupant's real JID where the room shows it (non-anonymous rooms), else room/nick
    Occupant occupant = from instanceof EntityFullJid full ? room.getOccupant(full) : null;
    String userId = occupant != null && occupant.getJid() != null ? occupant.getJid().asBareJid().toString() : from.toString();
    ChatMessage said = new ChatMessage(name(), userId, nick, room.getRoom().toString(), text);
    conversation.answer(said).compose(reply -> send(() -> room.sendMessage(nick + ": " + (reply.preformatted() ? "\n" : "")
        + reply.text())))
      .onFailure(failure -> log.warn("bot xmpp: the answer in {} could not be sent: {}", room.getRoom(), failure.getMessage()));
  }

  /** The command in a room message, or null when it does not start with the bot's nickname. */
  String addressed(String body) {
    String text = body.strip();
    String nick = options.getNickname();
    String lower = text.toLowerCase(Locale.ROOT);
    String lowerNick = nick.toLowerCase(Locale.ROOT);
    for (String prefix : List.of("@" + lowerNick, lowerNick)) {
      if (lower.startsWith(prefix) && (text.length() == prefix.length() || ":, ".indexOf(text.charAt(prefix.length())) >= 0)) {
        return text.substring(prefix.length()).replaceFirst("^[:,\\s]+", "");
      }
    }
    return null;
  }

  @FunctionalInterface
  private interface Send {
    void run() throws Exception;
  }

  /** Smack's send may wait for room in its queue: on a worker. */
  private Future<Void> send(Send send) {
    return vertx.executeBlocking(() -> {
      send.run();
      return null;
    }, false);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  @Override
  public Future<Void> stop() {
    XMPPTCPConnection open = connection;
    if (open == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      ReconnectionManager.getInstanceFor(open).disableAutomaticReconnection();
      open.disconnect();
      return null;
    }, false).mapEmpty();
  }
}
