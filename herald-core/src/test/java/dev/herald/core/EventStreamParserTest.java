package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Recorder.Comment;
import dev.herald.core.Recorder.Retry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test (or table) per rule of the WHATWG "Parsing an event stream" and "Interpreting an event stream". */
class EventStreamParserTest {

    private static MessageEvent message(String data) {
        return new MessageEvent("message", data, "");
    }

    private static MessageEvent event(String type, String data, String lastEventId) {
        return new MessageEvent(type, data, lastEventId);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dataLineDispatchesAMessageOnABlankLine() {
        assertThat(Recorder.parse("data: hello\n\n")).containsExactly(message("hello"));
    }

    @Test
    void dataLinesAreJoinedWithLineFeeds() {
        assertThat(Recorder.parse("data: one\ndata: two\ndata: three\n\n")).containsExactly(message("one\ntwo\nthree"));
    }

    @Test
    void anEmptyDataLineAtTheEndKeepsATrailingNewline() {
        assertThat(Recorder.parse("data: a\ndata:\n\n")).containsExactly(message("a\n"));
        assertThat(Recorder.parse("data:\ndata:\n\n")).containsExactly(message("\n"));
    }

    @Test
    void emptyDataDispatchesAnEventWithEmptyData() {
        assertThat(Recorder.parse("data:\n\n")).containsExactly(message(""));
        assertThat(Recorder.parse("data\n\n")).containsExactly(message(""));
    }

    @Test
    void aLineWithoutAColonIsAFieldWithAnEmptyValue() {
        assertThat(Recorder.parse("data\ndata\n\n")).containsExactly(message("\n"));
        assertThat(Recorder.parse("event\ndata: x\n\n")).containsExactly(message("x"));
    }

    @Test
    void aBlockWithoutDataDispatchesNothing() {
        assertThat(Recorder.parse("event: add\n\n")).isEmpty();
        assertThat(Recorder.parse("\n\n\n")).isEmpty();
    }

    @Test
    void exactlyOneLeadingSpaceIsStrippedAndNeverATab() {
        assertThat(Recorder.parse("data:  two spaces\n\n")).containsExactly(message(" two spaces"));
        assertThat(Recorder.parse("data:\ttab\n\n")).containsExactly(message("\ttab"));
        assertThat(Recorder.parse("data:no space\n\n")).containsExactly(message("no space"));
        assertThat(Recorder.parse("data: trailing \n\n")).containsExactly(message("trailing "));
    }

    @Test
    void theValueStartsAfterTheFirstColonOnly() {
        assertThat(Recorder.parse("data: a: b:c\n\n")).containsExactly(message("a: b:c"));
    }

    @Test
    void fieldNamesAreCaseSensitive() {
        assertThat(Recorder.parse("Data: x\n\nDATA: y\n\nEvent: t\ndata: z\n\n")).containsExactly(message("z"));
    }

    @Test
    void aSpaceBeforeTheColonMakesAnotherFieldName() {
        assertThat(Recorder.parse("data : x\n\n")).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(Recorder.parse("foo: bar\ndata: x\nbaz\n\n")).containsExactly(message("x"));
    }

    @Test
    void commentsAreReportedWithEverythingAfterTheColon() {
        assertThat(Recorder.parse(": hello\n:\n::x\ndata: d\n\n"))
                .containsExactly(new Comment(" hello"), new Comment(""), new Comment(":x"), message("d"));
    }

    @Test
    void aCommentDoesNotEndAnEvent() {
        assertThat(Recorder.parse("data: a\n: note\ndata: b\n\n")).containsExactly(new Comment(" note"), message("a\nb"));
    }

    @Test
    void theEventFieldSetsTheType() {
        assertThat(Recorder.parse("event: add\ndata: 1\n\n")).containsExactly(event("add", "1", ""));
    }

    @Test
    void anEmptyEventFieldMeansMessage() {
        assertThat(Recorder.parse("event:\ndata: 1\n\n")).containsExactly(message("1"));
    }

    @Test
    void theEventTypeIsResetAfterEveryDispatchEvenWhenNothingWasDispatched() {
        assertThat(Recorder.parse("event: add\ndata: 1\n\ndata: 2\n\n"))
                .containsExactly(event("add", "1", ""), message("2"));
        assertThat(Recorder.parse("event: add\n\ndata: 2\n\n")).containsExactly(message("2"));
    }

    @Test
    void theLastEventTypeLineWins() {
        assertThat(Recorder.parse("event: a\nevent: b\ndata: x\n\n")).containsExactly(event("b", "x", ""));
    }

    @Test
    void theIdFieldSetsTheLastEventIdWhichPersistsAcrossEvents() {
        assertThat(Recorder.parse("id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\n"))
                .containsExactly(event("message", "a", "7"), event("message", "b", "7"), event("message", "c", "8"));
    }

    @Test
    void anIdIsTakenAtDispatchWhereverItStandsInTheBlock() {
        assertThat(Recorder.parse("data: a\nid: 3\n\n")).containsExactly(event("message", "a", "3"));
    }

    @Test
    void anEmptyIdResetsTheLastEventId() {
        assertThat(Recorder.parse("id: 1\ndata: a\n\nid\ndata: b\n\nid: 2\ndata: c\n\nid:\ndata: d\n\n"))
                .containsExactly(event("message", "a", "1"), event("message", "b", ""),
                        event("message", "c", "2"), event("message", "d", ""));
    }

    @Test
    void anIdContainingNulIsIgnored() {
        assertThat(Recorder.parse("id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n"))
                .containsExactly(event("message", "a", "1"), event("message", "b", "1"));
    }

    @Test
    void aBlockWithoutDataStillSetsTheLastEventId() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        parser.feed(utf8("id: 5\n\n"));
        assertThat(parser.lastEventId()).isEqualTo("5");
        parser.feed(utf8("data: x\n\n"));
        assertThat(recorder.seen).containsExactly(event("message", "x", "5"));
    }

    @Test
    void theLastEventIdChangesOnlyWhenABlockEnds() {
        EventStreamParser parser = EventStreamParser.create(new Recorder());
        parser.feed(utf8("id: 1\n\nid: 2\n"));
        assertThat(parser.lastEventId()).isEqualTo("1");
        parser.feed(utf8("\n"));
        assertThat(parser.lastEventId()).isEqualTo("2");
    }

    @Test
    void anUnfinishedEventAtTheEndOfTheStreamIsDiscardedWithItsId() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        parser.feed(utf8("id: 1\ndata: done\n\nid: 2\ndata: unfinished\n"));
        parser.endOfStream();
        assertThat(parser.lastEventId()).isEqualTo("1");
        assertThat(recorder.seen).containsExactly(event("message", "done", "1"));
        parser.feed(utf8("data: next stream\n\n"));
        assertThat(recorder.seen).containsExactly(event("message", "done", "1"), event("message", "next stream", "1"));
    }

    @Test
    void aLastLineWithoutItsLineBreakIsDiscarded() {
        assertThat(Recorder.parse("data: a\n\ndata: b")).containsExactly(message("a"));
        assertThat(Recorder.parse("data: a\n\ndata: b\n")).containsExactly(message("a"));
    }

    @Test
    void theInitialLastEventIdIsUsedUntilTheStreamSetsOne() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.builder(recorder).lastEventId("41").build();
        assertThat(parser.lastEventId()).isEqualTo("41");
        parser.feed(utf8("data: a\n\nid: 42\ndata: b\n\n"));
        assertThat(recorder.seen).containsExactly(event("message", "a", "41"), event("message", "b", "42"));
    }

    @ParameterizedTest(name = "retry \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "retry: 1500|1500",
        "retry:0|0",
        "retry: 007|7",
        "retry: 9223372036854775807|9223372036854775807",
        "retry: 9223372036854775808|9223372036854775807",
        "retry: 99999999999999999999999999999|9223372036854775807",
    })
    void retryWithOnlyAsciiDigitsSetsTheReconnectionTime(String line, long millis) {
        assertThat(Recorder.parse(line + "\n")).containsExactly(new Retry(Duration.ofMillis(millis)));
    }

    @ParameterizedTest(name = "retry \"{0}\" is ignored")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "retry:", "retry: ", "retry: 15a", "retry: -1", "retry: +1", "retry: 1.5", "\"retry:  5\"",
        "retry: \u0661\u0662", "Retry: 5", "\"retry: 1 \"", "\" retry: 1\"",
    })
    void retryWithAnythingButAsciiDigitsIsIgnored(String line) {
        assertThat(Recorder.parse(line + "\ndata: x\n\n")).containsExactly(message("x"));
    }

    @Test
    void linesEndAtCrLfAtLfAndAtCr() {
        List<Object> expected = List.of(message("a\nb"), message("c"));
        assertThat(Recorder.parse("data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n")).isEqualTo(expected);
        assertThat(Recorder.parse("data: a\rdata: b\r\rdata: c\r\r")).isEqualTo(expected);
        assertThat(Recorder.parse("data: a\ndata: b\n\ndata: c\n\n")).isEqualTo(expected);
        assertThat(Recorder.parse("data: a\rdata: b\r\n\ndata: c\n\r")).isEqualTo(expected);
    }

    @Test
    void lfCrIsTwoLineBreaks() {
        assertThat(Recorder.parse("data: a\n\rdata: b\n\n")).containsExactly(message("a"), message("b"));
    }

    @Test
    void aCrEndingAChunkEndsTheLineAndAnLfStartingTheNextIsSwallowed() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        parser.feed(utf8("data: a\r"));
        parser.feed(utf8("\ndata: b\r"));
        assertThat(recorder.seen).isEmpty();
        parser.feed(utf8("\r"));
        assertThat(recorder.seen).containsExactly(message("a\nb"));
        parser.feed(utf8("\n"));
        parser.feed(utf8("data: c\r\n"));
        parser.feed(utf8("\r\n"));
        assertThat(recorder.seen).containsExactly(message("a\nb"), message("c"));
    }

    @Test
    void aCrAtTheEndOfAChunkDispatchesWithoutWaitingForTheNextChunk() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        parser.feed(utf8("data: a\r\r"));
        assertThat(recorder.seen).containsExactly(message("a"));
    }

    @Test
    void oneLeadingBomIsStripped() {
        assertThat(Recorder.parse(concat(bytes(0xEF, 0xBB, 0xBF), utf8("data: x\n\n")))).containsExactly(message("x"));
    }

    @Test
    void aBomSplitAcrossChunksIsStripped() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        parser.feed(bytes(0xEF));
        parser.feed(bytes(0xBB));
        parser.feed(bytes(0xBF, 'd'));
        parser.feed(utf8("ata: x\n\n"));
        assertThat(recorder.seen).containsExactly(message("x"));
    }

    @Test
    void aSecondBomIsPartOfTheFirstFieldName() {
        byte[] bom = bytes(0xEF, 0xBB, 0xBF);
        assertThat(Recorder.parse(concat(bom, bom, utf8("data: x\n\ndata: y\n\n")))).containsExactly(message("y"));
    }

    @Test
    void aBomAnywhereButTheStartIsData() {
        assertThat(Recorder.parse("data: \uFEFFx\n\n")).containsExactly(message("\uFEFFx"));
        assertThat(Recorder.parse("data: a\n\n\uFEFFdata: b\n\n")).containsExactly(message("a"));
    }

    @Test
    void anUnfinishedBomIsTheStartOfTheFirstLine() {
        assertThat(Recorder.parse(concat(bytes(0xEF, 0xBB), utf8(": c\ndata: x\n\n"))))
                .containsExactly(message("x"));
        assertThat(Recorder.parse(concat(bytes(0xEF), utf8("\ndata: x\n\n")))).containsExactly(message("x"));
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        parser.feed(bytes(0xEF, 0xBB));
        parser.feed(utf8(":x\n"));
        assertThat(recorder.seen).isEmpty(); // "\uFFFD:x" is a field named U+FFFD, not a comment
    }

    @Test
    void eachNewStreamMayStartWithABom() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = EventStreamParser.create(recorder);
        byte[] stream = concat(bytes(0xEF, 0xBB, 0xBF), utf8("data: x\n\n"));
        parser.feed(stream);
        parser.endOfStream();
        parser.feed(stream);
        assertThat(recorder.seen).containsExactly(message("x"), message("x"));
    }

    @Test
    void utf8IsDecodedWithMultiByteCharactersSplitAcrossChunks() {
        String text = "h\u00e9llo \u20ac \uD83D\uDE00 \u4e16\u754c";
        byte[] stream = utf8("data: " + text + "\n\n");
        for (int split = 0; split <= stream.length; split++) {
            Recorder recorder = new Recorder();
            EventStreamParser parser = EventStreamParser.create(recorder);
            parser.feed(stream, 0, split);
            parser.feed(stream, split, stream.length - split);
            assertThat(recorder.seen).as("split at %d", split).containsExactly(message(text));
        }
    }

    /** Invalid UTF-8 decodes as the WHATWG Encoding standard's UTF-8 decoder does: one U+FFFD per maximal subpart. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lone continuation byte|80|\uFFFD",
        "invalid byte FF|FF|\uFFFD",
        "truncated 4-byte sequence|F0 9F 98|\uFFFD",
        "truncated 3-byte sequence then ASCII|E2 82 41|\uFFFDA",
        "bad continuation|E2 28 A1|\uFFFD(\uFFFD",
        "overlong slash|C0 AF|\uFFFD\uFFFD",
        "overlong 3-byte|E0 80 AF|\uFFFD\uFFFD\uFFFD",
        "surrogate|ED A0 80|\uFFFD\uFFFD\uFFFD",
        "above U+10FFFF|F4 90 80 80|\uFFFD\uFFFD\uFFFD\uFFFD",
        "five-byte form|F8 88 80 80 80|\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD",
        "valid then truncated|41 C3|A\uFFFD",
    })
    void invalidUtf8BecomesReplacementCharacters(String name, String hex, String expected) {
        String[] parts = hex.split(" ");
        byte[] value = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            value[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        assertThat(Recorder.parse(concat(utf8("data: "), value, utf8("\n\n")))).containsExactly(message(expected));
    }

    @Test
    void aTruncatedSequenceBeforeALineBreakIsReplacedAndTheLineStillEnds() {
        assertThat(Recorder.parse(concat(utf8("data: "), bytes(0xF0, 0x9F), utf8("\ndata: b\n\n"))))
                .containsExactly(message("\uFFFD\nb"));
    }

    @Test
    void aByteBufferIsParsedLikeAnArray() {
        byte[] stream = utf8("id: 1\nevent: t\ndata: x\n\n: c\nretry: 10\n");
        Recorder heap = new Recorder();
        EventStreamParser.create(heap).feed(ByteBuffer.wrap(stream));
        Recorder direct = new Recorder();
        ByteBuffer buffer = ByteBuffer.allocateDirect(stream.length).put(stream).flip();
        EventStreamParser.create(direct).feed(buffer);
        assertThat(buffer.hasRemaining()).isFalse();
        assertThat(direct.seen).isEqualTo(heap.seen).hasSize(3);
        ByteBuffer slice = ByteBuffer.wrap(concat(utf8("xx"), stream)).position(2).slice();
        Recorder sliced = new Recorder();
        EventStreamParser.create(sliced).feed(slice);
        assertThat(sliced.seen).isEqualTo(heap.seen);
    }

    @Test
    void aFiveMegabyteEventParses() {
        String data = "x".repeat(5 * 1024 * 1024);
        List<Object> seen = Recorder.parse("data: " + data + "\n\n");
        assertThat(seen).hasSize(1);
        assertThat(((MessageEvent) seen.get(0)).data()).isEqualTo(data);
    }

    @Test
    void aLineOverTheLimitThrowsAndTheParserTakesNoMoreInput() {
        EventStreamParser parser = EventStreamParser.builder(new Recorder()).maxEventBytes(16).build();
        parser.feed(utf8("data: 0123456789\n")); // 16 bytes: at the limit
        assertThatThrownBy(() -> parser.feed(utf8("data: 01234567890\n")))
                .isInstanceOf(StreamLimitException.class)
                .hasMessageContaining("line")
                .hasMessageContaining("16");
        assertThatThrownBy(() -> parser.feed(utf8("data: x\n\n"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLineOverTheLimitThrowsEvenWhenItNeverEnds() {
        EventStreamParser parser = EventStreamParser.builder(new Recorder()).maxEventBytes(1024).build();
        byte[] chunk = new byte[100];
        java.util.Arrays.fill(chunk, (byte) 'a');
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                parser.feed(chunk);
            }
        }).isInstanceOf(StreamLimitException.class);
    }

    @Test
    void anEventWhoseDataGrowsOverTheLimitThrows() {
        EventStreamParser parser = EventStreamParser.builder(new Recorder()).maxEventBytes(32).build();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                parser.feed(utf8("data: 0123456789\n"));
            }
        }).isInstanceOf(StreamLimitException.class).hasMessageContaining("data")
                .satisfies(e -> assertThat(((StreamLimitException) e).limit()).isEqualTo(32));
    }

    @Test
    void aHandlerExceptionPropagates() {
        EventStreamParser parser = EventStreamParser.create(event -> {
            throw new IllegalArgumentException("boom");
        });
        assertThatThrownBy(() -> parser.feed(utf8("data: x\n\n"))).hasMessage("boom");
    }

    @Test
    void theSpecificationsExamplesParseAsItSays() {
        assertThat(Recorder.parse("data: This is the first message.\n\n"
                + "data: This is the second message, it\ndata: has two lines.\n\n"
                + "data: This is the third message.\n\n")).containsExactly(
                message("This is the first message."),
                message("This is the second message, it\nhas two lines."),
                message("This is the third message."));
        assertThat(Recorder.parse(": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\n"
                + "data:  third event\n")).containsExactly(
                new Comment(" test stream"), event("message", "first event", "1"),
                event("message", "second event", ""));
        assertThat(Recorder.parse("data\n\ndata\ndata\n\ndata:")).containsExactly(message(""), message("\n"));
        assertThat(Recorder.parse("data:test\n\ndata: test\n\n")).containsExactly(message("test"), message("test"));
    }
}
