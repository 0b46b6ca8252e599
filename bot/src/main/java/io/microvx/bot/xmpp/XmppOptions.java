package io.microvx.bot.xmpp;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Options of the XMPP input: the bot's account ({@code xmpp_jid}, e.g. {@code micro@example.org}, and
 * {@code xmpp_password}, both required), the server to connect to when it is not found from the domain's
 * DNS records ({@code xmpp_address}, {@code host:port}), TLS ({@code xmpp_tls}: {@code required}, the
 * default, {@code optional} or {@code disabled} — disabled only for a server on loopback), the rooms to join
 * ({@code xmpp_rooms}, comma-separated room JIDs) and the bot's nickname there ({@code xmpp_nickname},
 * {@code micro}).
 */
public class XmppOptions {

  public static final String DEFAULT_NICKNAME = "micro";

  private String jid;
  private String password;
  private String address;
  private String tls = "required";
  private List<String> rooms = new ArrayList<>();
  private String nickname = DEFAULT_NICKNAME;

  public XmppOptions() {
  }

  public XmppOptions(XmppOptions other) {
    this.jid = other.jid;
    this.password = other.password;
    this.address = other.address;
    this.tls = other.tls;
    this.rooms = new ArrayList<>(other.rooms);
    this.nickname = other.nickname;
  }

  public XmppOptions(JsonObject json) {
    setJid(string(json, "xmpp_jid"));
    setPassword(string(json, "xmpp_password"));
    setAddress(string(json, "xmpp_address"));
    if (string(json, "xmpp_tls") != null) {
      setTls(string(json, "xmpp_tls"));
    }
    String rooms = string(json, "xmpp_rooms");
    setRooms(rooms == null ? List.of() : List.of(rooms.split(",")));
    setNickname(string(json, "xmpp_nickname"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("xmpp_tls", tls).put("xmpp_rooms", String.join(",", rooms)).put("xmpp_nickname", nickname);
    if (jid != null) {
      json.put("xmpp_jid", jid);
    }
    if (password != null) {
      json.put("xmpp_password", password);
    }
    if (address != null) {
      json.put("xmpp_address", address);
    }
    return json;
  }

  private static String string(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).trim();
  }

  public String getJid() {
    return jid;
  }

  public XmppOptions setJid(String jid) {
    if (jid != null && (!jid.contains("@") || jid.startsWith("@") || jid.endsWith("@"))) {
      throw new IllegalArgumentException("xmpp_jid must be an account's JID, e.g. micro@example.org, not " + jid);
    }
    this.jid = jid;
    return this;
  }

  public String getPassword() {
    return password;
  }

  public XmppOptions setPassword(String password) {
    this.password = password;
    return this;
  }

  public String getAddress() {
    return address;
  }

  /** {@code host:port} of the server; null finds it from the JID's domain. */
  public XmppOptions setAddress(String address) {
    if (address != null) {
      int colon = address.lastIndexOf(':');
      try {
        Integer.parseInt(address.substring(colon + 1));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("xmpp_address must be host:port, e.g. xmpp.example.org:5222, not " + address);
      }
      if (colon <= 0) {
        throw new IllegalArgumentException("xmpp_address must be host:port, e.g. xmpp.example.org:5222, not " + address);
      }
    }
    this.address = address;
    return this;
  }

  public String getTls() {
    return tls;
  }

  public XmppOptions setTls(String tls) {
    String value = tls == null ? "required" : tls.trim().toLowerCase(Locale.ROOT);
    if (!List.of("required", "optional", "disabled").contains(value)) {
      throw new IllegalArgumentException("xmpp_tls must be required, optional or disabled, not " + tls);
    }
    this.tls = value;
    return this;
  }

  public List<String> getRooms() {
    return List.copyOf(rooms);
  }

  public XmppOptions setRooms(List<String> rooms) {
    this.rooms = new ArrayList<>();
    for (String room : rooms) {
      if (!room.isBlank()) {
        this.rooms.add(room.trim());
      }
    }
    return this;
  }

  public String getNickname() {
    return nickname;
  }

  public XmppOptions setNickname(String nickname) {
    this.nickname = nickname == null || nickname.isBlank() ? DEFAULT_NICKNAME : nickname.trim();
    return this;
  }
}
