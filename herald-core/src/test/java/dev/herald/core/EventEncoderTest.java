package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventEncoderTest {

    private static String encode(Event event) {
        byte[] bytes = EventEncoder.encode(event);
        assertThat(bytes).hasSize(EventEncoder.encodedLength(event));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void dataIsWrittenAsADataLineAndABlankLine() {
        assertThat(encode(Event.of("hello"))).isEqualTo("data: hello\n\n");
    }

    @Test
    void everyPartIsWrittenCommentFirstAndDataLast() {
        Event event = Event.builder().comment("note").type("add").id("7").retry(Duration.ofSeconds(3)).data("x").build();
        assertThat(encode(event)).isEqualTo(":note\nevent: add\nid: 7\nretry: 3000\ndata: x\n\n");
    }

    @Test
    void dataIsSplitOnLfCrAndCrLf() {
        assertThat(encode(Event.of("a\nb\rc\r\nd"))).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void aTrailingNewlineIsKeptAsAnEmptyDataLine() {
        assertThat(encode(Event.of("a\n"))).isEqualTo("data: a\ndata:\n\n");
        assertThat(encode(Event.of("\n"))).isEqualTo("data:\ndata:\n\n");
        assertThat(encode(Event.of("a\r\n\r\n"))).isEqualTo("data: a\ndata:\ndata:\n\n");
    }

    @Test
    void emptyDataIsOneEmptyDataLine() {
        assertThat(encode(Event.of(""))).isEqualTo("data:\n\n");
    }

    @Test
    void aValueStartingWithASpaceKeepsIt() {
        assertThat(encode(Event.of(" x"))).isEqualTo("data:  x\n\n");
        assertThat(Recorder.parse(EventEncoder.encode(Event.of(" x"))))
                .containsExactly(new MessageEvent("message", " x", ""));
    }

    @Test
    void anEmptyIdIsWrittenSoItResetsTheLastEventId() {
        assertThat(encode(Event.builder().id("").data("x").build())).isEqualTo("id:\ndata: x\n\n");
    }

    @Test
    void multiLineCommentsGetAColonPerLine() {
        assertThat(encode(Event.comment("one\ntwo\r\nthree"))).isEqualTo(":one\n:two\n:three\n\n");
        assertThat(encode(Event.comment(""))).isEqualTo(":\n\n");
    }

    @Test
    void retryAloneIsABlockWithoutData() {
        assertThat(encode(Event.retry(Duration.ofMillis(1500)))).isEqualTo("retry: 1500\n\n");
        assertThat(encode(Event.retry(Duration.ZERO))).isEqualTo("retry: 0\n\n");
    }

    @Test
    void unicodeIsWrittenAsUtf8AndLoneSurrogatesAsReplacement() {
        assertThat(EventEncoder.encode(Event.of("\u00e9\u20ac\uD83D\uDE00")))
                .isEqualTo("data: \u00e9\u20ac\uD83D\uDE00\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(encode(Event.of("a\uD83Db\uDE00"))).isEqualTo("data: a\uFFFDb\uFFFD\n\n");
        assertThat(encode(Event.of("end\uD83D"))).isEqualTo("data: end\uFFFD\n\n");
    }

    @Test
    void encodingIntoAnArrayAtAnOffsetReturnsTheEnd() {
        Event event = Event.of("t", "d");
        byte[] out = new byte[3 + EventEncoder.encodedLength(event)];
        int end = EventEncoder.encode(event, out, 3);
        assertThat(end).isEqualTo(out.length);
        assertThat(new String(out, 3, end - 3, StandardCharsets.UTF_8)).isEqualTo("event: t\ndata: d\n\n");
        assertThatThrownBy(() -> EventEncoder.encode(event, out, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void lineBreaksInIdOrTypeAndNulInIdAreRejectedNamingTheField() {
        assertThatThrownBy(() -> Event.builder().id("a\nb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id ");
        assertThatThrownBy(() -> Event.builder().id("a\rb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id ");
        assertThatThrownBy(() -> Event.builder().id("a\0b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id ").hasMessageContaining("NUL");
        assertThatThrownBy(() -> Event.of("a\nb", "data"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("event ");
        assertThat(Event.builder().type("a\0b").data("x").build().type()).contains("a\0b");
    }

    @Test
    void aNegativeRetryIsRejected() {
        assertThatThrownBy(() -> Event.retry(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("retry ");
    }

    @Test
    void toBuilderMakesAChangedCopy() {
        Event event = Event.builder().id("1").data("x").build();
        assertThat(event.toBuilder().id("2").build()).isEqualTo(Event.builder().id("2").data("x").build());
        assertThat(event.toBuilder().build()).isEqualTo(event);
    }
}
