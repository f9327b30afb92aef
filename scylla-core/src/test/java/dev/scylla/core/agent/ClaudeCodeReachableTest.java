package dev.scylla.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The probe of an API that could not be reached: an HTTP answer below 500, and nothing else. */
class ClaudeCodeReachableTest {

  @Test
  void reachable_anAnswerBelow500IsAnApiThatAnswers_5xxAndARefusedConnectionAreNot()
      throws Exception {
    AtomicInteger status = new AtomicInteger(405);
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    try {
      ClaudeCodeAdapter adapter =
          ClaudeCodeAdapter.builder()
              .environment(
                  "ANTHROPIC_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/")
              .build();

      assertThat(adapter.reachable()).isTrue();
      status.set(401);
      assertThat(adapter.reachable()).isTrue();
      status.set(529);
      assertThat(adapter.reachable()).isFalse();
      status.set(503);
      assertThat(adapter.reachable()).isFalse();
      // A probe costs no tokens: a HEAD, never a message.
      assertThat(seen).containsOnly("HEAD /v1/messages");
    } finally {
      server.stop(0);
    }

    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ClaudeCodeAdapter down =
        ClaudeCodeAdapter.builder()
            .environment("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + closed)
            .build();
    assertThat(down.reachable()).isFalse();
  }
}
