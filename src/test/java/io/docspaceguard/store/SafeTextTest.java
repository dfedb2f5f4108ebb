package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void control_characters_are_escaped_but_tabs_and_line_breaks_kept() {
        assertEquals("a\\u0000b\\u001bc\td\ne\r", SafeText.of("a\0b\u001bc\td\ne\r", 100));
    }

    @Test
    void overlong_text_is_cut_whether_clean_or_not() {
        assertEquals("abc", SafeText.of("abcdef", 3));
        assertEquals("a\\u000", SafeText.of("a\0bcdef", 6));
    }

    @Test
    void clean_text_within_the_limit_is_the_text_itself_and_null_stays_null() {
        String clean = "{\"id\":1,\"action\":\"File Updated: report.docx\"}\n";
        assertSame(clean, SafeText.of(clean, Integer.MAX_VALUE));
        assertNull(SafeText.of(null, 10));
    }
}
