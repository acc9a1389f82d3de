package org.tellonce.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** {@code application/x-www-form-urlencoded} bodies encoded as a browser encodes them. */
public final class FormBodies {
    private FormBodies() {
    }

    /** @param fields name, value, name, value, ... (a name may repeat, like ticked checkboxes) */
    public static String of(String... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name, value pairs");
        }
        StringJoiner body = new StringJoiner("&");
        for (int i = 0; i < fields.length; i += 2) {
            body.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
