package org.tellonce.web;

import gg.jte.html.HtmlTemplateOutput;

/**
 * Where a template writes its page. The templates are compiled with {@code ContentType.Html}: jte
 * decides which parts are the template's own markup and which are values, and every value goes
 * through {@link #writeUserContent(String)}. Values are escaped here the same way in text and in
 * attributes: the five characters that can end a text or a quoted attribute ({@code < > & " '}),
 * so a value is never markup wherever a template puts it. The templates put no value inside
 * {@code <style>} and have no {@code <script>}.
 */
final class PageOutput implements HtmlTemplateOutput {
    private final StringBuilder html;

    PageOutput(int capacity) {
        html = new StringBuilder(capacity);
    }

    @Override
    public void setContext(String tagName, String attributeName) {
        // One escaping for text and attributes (above): the context changes nothing.
    }

    @Override
    public void writeContent(String value) {
        html.append(value);
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        html.append(value, beginIndex, endIndex);
    }

    @Override
    public void writeUserContent(String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '&' -> html.append("&amp;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return html.toString();
    }
}
