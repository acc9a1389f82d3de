package org.tellonce.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded strictly: bad percent-encoding or
 * invalid UTF-8 is a {@link BadRequestException}, never silently replaced.
 */
public final class FormBody {
    private static final int MAX_FIELDS = 200;
    private final Map<String, List<String>> fields;

    private FormBody(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    public static FormBody parse(byte[] body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (body.length == 0) {
            return new FormBody(fields);
        }
        String ascii = new String(body, StandardCharsets.ISO_8859_1);
        int count = 0;
        for (String pair : ascii.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_FIELDS) {
                throw new BadRequestException("The form has too many fields");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new FormBody(fields);
    }

    /** The field's single value; a field sent more than once where one is expected is refused. */
    public Optional<String> single(String name) {
        List<String> values = fields.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new BadRequestException("The form field '" + safeName(name) + "' was sent more than once");
        }
        return Optional.of(values.get(0));
    }

    public List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }

    public Map<String, List<String>> asMap() {
        return fields;
    }

    private static String safeName(String name) {
        return name.matches("[A-Za-z0-9_-]{1,40}") ? name : "?";
    }

    static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new BadRequestException("The form body has a broken percent-encoding");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadRequestException("The form body has a broken percent-encoding");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return Utf8.decode(out.toByteArray())
                .orElseThrow(() -> new BadRequestException("The form body is not valid UTF-8"));
    }
}
