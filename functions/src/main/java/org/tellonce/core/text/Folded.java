package org.tellonce.core.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;

/**
 * A text as a pattern should see it, with each of its characters mapped back to the original
 * characters it came from, so a match in the folded text masks exactly the original it covers.
 *
 * <p>The one Unicode folding of the core: masking ({@code core.sharing.Redactor}) and safeguarding
 * detection ({@code core.moderation}) both read a story through it, so a full-width letter, a
 * zero-width space or a soft hyphen hides a word from neither. Compatibility forms are folded (NFKC:
 * full-width {@code ＠}, mathematical digits, ligatures) and invisible characters removed; {@link
 * #forNumbers()} and {@link #forWords()} are two readings of the folded text, the same length, for
 * number patterns and for word lists.
 */
public final class Folded {
    private final String original;
    private final String text;
    private final int[] from;
    private final int[] to;

    private Folded(String original, String text, int[] from, int[] to) {
        this.original = original;
        this.text = text;
        this.from = from;
        this.to = to;
    }

    public static Folded of(String original) {
        StringBuilder text = new StringBuilder(original.length());
        int[] from = new int[original.length() * 2 + 4];
        int[] to = new int[from.length];
        int i = 0;
        while (i < original.length()) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (!invisible(cp)) {
                String folded = cp < 0x80 || stable(cp) ? null
                        : Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC);
                int length = folded == null ? 1 : folded.length();
                for (int k = 0; k < length; k++) {
                    if (text.length() == from.length) {
                        from = Arrays.copyOf(from, from.length * 2);
                        to = Arrays.copyOf(to, to.length * 2);
                    }
                    from[text.length()] = i;
                    to[text.length()] = next;
                    text.append(folded == null ? (char) cp : folded.charAt(k));
                }
            }
            i = next;
        }
        return new Folded(original, text.toString(), from, to);
    }

    /** The folded text (compatibility forms folded, invisible characters removed). */
    public String text() {
        return text;
    }

    /**
     * Accented Latin letters (Welsh ŵ, Polish ż) are their own NFKC form, bar a few ligatures and
     * compatibility letters: skipping the normalizer for them keeps a Polish story as fast as an English one.
     */
    private static boolean stable(int cp) {
        return cp >= 0x00C0 && cp <= 0x017E && cp != 0x0132 && cp != 0x0133 && cp != 0x013F && cp != 0x0140
                && cp != 0x0149;
    }

    /** Zero-width characters and soft hyphens: unseen by a reader, so unseen by the patterns. */
    private static boolean invisible(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
    }

    /**
     * The folded text, the same length, as a number reader sees it: any horizontal space a plain space,
     * a letter O beside a digit a zero, and commas, underscores or line breaks between digits spaces.
     */
    public String forNumbers() {
        char[] c = text.toCharArray();
        for (int k = 0; k < c.length; k++) {
            if (Character.isSpaceChar(c[k]) || c[k] == '\t') {
                c[k] = ' ';
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int k = 0; k < c.length; k++) {
                if ((c[k] == 'O' || c[k] == 'o') && ((k > 0 && isDigit(c[k - 1])) || (k + 1 < c.length && isDigit(c[k + 1])))) {
                    c[k] = '0';
                    changed = true;
                }
            }
        }
        int k = 0;
        while (k < c.length) {
            if (!separator(c[k])) {
                k++;
                continue;
            }
            int end = k;
            while (end < c.length && separator(c[end])) {
                end++;
            }
            if (k > 0 && Character.isDigit(c[k - 1]) && end < c.length && Character.isDigit(c[end])) {
                Arrays.fill(c, k, end, ' ');
            }
            k = end;
        }
        return new String(c);
    }

    /**
     * The folded text, the same length, as a word list sees it: lower case, letters without their
     * diacritics ({@code ó → o}, {@code ŵ → w}, {@code ł → l}), and every apostrophe-like mark (curly,
     * modifier, prime, backtick) a plain {@code '}, so "Samobójstwo", "SAMOBOJSTWO" and "samobojstwo"
     * read alike, as do "don’t" and "don't".
     */
    public String forWords() {
        char[] c = text.toCharArray();
        for (int k = 0; k < c.length; k++) {
            c[k] = wordChar(c[k]);
        }
        return new String(c);
    }

    /** {@link #fold(char)} of the Latin letters, worked out once. */
    private static final char[] LATIN = new char[0x0250];

    static {
        for (char c = 0; c < LATIN.length; c++) {
            LATIN[c] = fold(c);
        }
    }

    private static char wordChar(char c) {
        return c < LATIN.length ? LATIN[c] : fold(c);
    }

    private static char fold(char c) {
        if (c < 0x80) {
            return c == '`' ? '\'' : Character.toLowerCase(c);
        }
        switch (c) {
            case '\u2018', '\u2019', '\u201B', '\u02BC', '\u02BB', '\u2032', '\u00B4':
                return '\'';
            case '\u0141', '\u0142':
                return 'l';
            case '\u00D8', '\u00F8':
                return 'o';
            case '\u0110', '\u0111':
                return 'd';
            default:
                break;
        }
        char lower = Character.toLowerCase(c);
        String base = Normalizer.normalize(String.valueOf(lower), Normalizer.Form.NFD);
        if (base.length() > 1 && Character.isLetter(base.charAt(0))) {
            for (int k = 1; k < base.length(); k++) {
                if (Character.getType(base.charAt(k)) != Character.NON_SPACING_MARK) {
                    return lower;
                }
            }
            return base.charAt(0);
        }
        return lower;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** What people put between groups of digits besides spaces: commas, underscores, line breaks. */
    private static boolean separator(char c) {
        return c == ' ' || c == ',' || c == '_' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** The original with each folded span's original characters replaced by {@code replacement}. */
    public String replace(List<int[]> spans, String replacement) {
        return replace(spans, found -> replacement);
    }

    /** As {@link #replace(List, String)}, each span's replacement made from its original characters. */
    public String replace(List<int[]> spans, java.util.function.UnaryOperator<String> replacement) {
        if (spans.isEmpty()) {
            return original;
        }
        StringBuilder out = new StringBuilder(original.length());
        int done = 0;
        for (int[] span : spans) {
            int start = from[span[0]];
            int end = to[span[1] - 1];
            if (start < done) {
                continue;
            }
            out.append(original, done, start).append(replacement.apply(original.substring(start, end)));
            done = end;
        }
        return out.append(original, done, original.length()).toString();
    }

    /** Never the text: it is a resident's story. */
    @Override
    public String toString() {
        return "Folded[" + text.length() + " chars]";
    }
}
