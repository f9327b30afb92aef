package dev.scylla.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scylla.docker.StreamType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private final List<String> lines = new ArrayList<>();
  private final LineSplitter splitter = new LineSplitter((s, l) -> lines.add(s + ":" + l));

  @Test
  void accept_joinsLinesSplitAcrossChunks_andKeepsStreamsApart() {
    splitter.accept(StreamType.STDOUT, bytes("hel"));
    splitter.accept(StreamType.STDERR, bytes("warn"));
    splitter.accept(StreamType.STDOUT, bytes("lo\nwor"));
    splitter.accept(StreamType.STDERR, bytes("ing\r\n"));
    splitter.accept(StreamType.STDOUT, bytes("ld\n\n"));

    assertThat(lines).containsExactly("STDOUT:hello", "STDERR:warning", "STDOUT:world", "STDOUT:");
  }

  @Test
  void accept_keepsAMultiByteCharacterSplitAcrossChunks() {
    byte[] word = bytes("é\n");
    splitter.accept(StreamType.STDOUT, Arrays.copyOfRange(word, 0, 1));
    splitter.accept(StreamType.STDOUT, Arrays.copyOfRange(word, 1, word.length));

    assertThat(lines).containsExactly("STDOUT:é");
  }

  @Test
  void flush_deliversALastLineWithoutNewline() {
    splitter.accept(StreamType.STDOUT, bytes("done"));
    assertThat(lines).isEmpty();

    splitter.flush();

    assertThat(lines).containsExactly("STDOUT:done");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
