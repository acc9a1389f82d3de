package org.tellonce.resident;

import static org.tellonce.http.Html.escape;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tellonce.config.Topics;
import org.tellonce.intake.Limits;
import org.tellonce.intake.StoryRequest;
import org.tellonce.story.Share;
import org.tellonce.story.Story;

/** Server-rendered resident pages: no JavaScript, every piece of user text escaped. */
public final class Pages {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private static final String STYLE = """
            *{box-sizing:border-box}
            body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;line-height:1.45;color:#0b0c0c;background:#fff}
            header{background:#0b0c0c;color:#fff;padding:.75rem 1rem}
            header a{color:#fff;font-weight:bold;text-decoration:none;font-size:1.5rem}
            main{max-width:40rem;margin:0 auto;padding:1rem}
            h1{font-size:2rem;line-height:1.2;margin:1rem 0}
            h2{font-size:1.5rem;margin:1.5rem 0 .5rem}
            label,legend{display:block;font-weight:bold;margin-bottom:.25rem}
            .hint{color:#505a5f;margin:0 0 .5rem}
            .field{margin-bottom:1.75rem}
            fieldset{border:0;padding:0;margin:0 0 1.75rem}
            legend{font-size:1.25rem}
            input[type=text],input[type=email],input[type=tel],textarea{width:100%;font:inherit;padding:.4rem;border:2px solid #0b0c0c;border-radius:0}
            textarea{min-height:10rem}
            .option{display:flex;align-items:flex-start;gap:.5rem;margin:.5rem 0}
            .option input{width:1.5rem;height:1.5rem;margin:.1rem 0 0;flex:none}
            .option label{font-weight:normal;margin:0}
            :focus-visible{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
            a{color:#1d70b8}
            button{font:inherit;font-weight:bold;color:#fff;background:#00703c;border:0;border-bottom:2px solid #002d18;padding:.6rem 1rem;cursor:pointer}
            .error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:1.5rem}
            .error-summary h2{margin-top:0}
            .error-summary a{color:#d4351c;font-weight:bold}
            .error-message{color:#d4351c;font-weight:bold;margin:0 0 .5rem}
            .field-error input,.field-error textarea{border-color:#d4351c}
            .field-error{border-left:5px solid #d4351c;padding-left:.75rem}
            .panel{background:#00703c;color:#fff;padding:1.5rem;text-align:center;margin-bottom:1.5rem}
            .panel .ref{font-size:2rem;font-weight:bold;letter-spacing:.05em}
            .story-text{white-space:pre-wrap;border-left:5px solid #b1b4b6;padding-left:1rem;margin:0 0 1rem}
            .skip-link{display:block;padding:.5rem 1rem;background:#fd0;color:#0b0c0c;text-decoration:underline}
            .skip-link:not(:focus):not(:active){position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;padding:0!important}
            .visually-hidden{position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important}
            dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.5rem 1rem}dt{font-weight:bold}dd{margin:0}
            """;

    private Pages() {
    }

    public static String layout(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " – TellOnce</title><style>" + STYLE + "</style></head><body>"
                + "<a href=\"#main\" class=\"skip-link\">Skip to main content</a>"
                + "<header><a href=\"/\">TellOnce</a></header>"
                + "<main id=\"main\">" + body + "</main></body></html>";
    }

    /** The story form, empty or with the resident's input and what to fix. */
    public static String form(Topics topics, List<PartnerChoice> partners, StoryRequest input,
                              Map<String, String> errors, String submissionId) {
        StringBuilder b = new StringBuilder();
        if (!errors.isEmpty()) {
            b.append("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus aria-labelledby=\"error-summary-title\">")
                    .append("<h2 id=\"error-summary-title\">There is a problem</h2><ul>");
            errors.forEach((field, message) -> b.append("<li><a href=\"#").append(anchor(field)).append("\">")
                    .append(escape(message)).append("</a></li>"));
            b.append("</ul></div>");
        }
        b.append("<h1>Tell us once</h1>")
                .append("<p>Tell us what happened to you or what matters to you. We keep your story once and share it ")
                .append("only as you choose, so you do not have to tell it again.</p>")
                .append("<form method=\"post\" action=\"/stories\" novalidate accept-charset=\"utf-8\">")
                .append("<input type=\"hidden\" name=\"submission\" value=\"").append(escape(submissionId)).append("\">");

        b.append(fieldStart("story", errors)).append("<label for=\"story\">Your story</label>")
                .append("<p class=\"hint\" id=\"story-hint\">Between ").append(Limits.STORY_MIN).append(" and ")
                .append(Limits.STORY_MAX).append(" characters.</p>").append(errorLine("story", errors))
                .append("<textarea id=\"story\" name=\"story\" rows=\"8\" dir=\"auto\" aria-describedby=\"story-hint")
                .append(errors.containsKey("story") ? " story-error" : "").append("\"")
                .append(errors.containsKey("story") ? " aria-invalid=\"true\"" : "").append(">")
                .append(escape(input.story())).append("</textarea></div>");

        b.append(fieldsetStart("topics", errors)).append("<legend>What is it about?</legend>")
                .append("<p class=\"hint\" id=\"topics-hint\">Choose any that apply.</p>").append(errorLine("topics", errors));
        int i = 0;
        for (String topic : topics.all()) {
            String id = i == 0 ? "topics" : "topic-" + i;
            b.append("<div class=\"option\"><input type=\"checkbox\" id=\"").append(id).append("\" name=\"topics\" value=\"")
                    .append(escape(topic)).append("\"").append(input.topics().contains(topic) ? " checked" : "")
                    .append("><label for=\"").append(id).append("\">").append(escape(Topics.label(topic)))
                    .append("</label></div>");
            i++;
        }
        b.append("</fieldset>");

        b.append(textField("area", "Your area (optional)", "A postcode district such as LE1, or the name of your area.",
                "text", input.area(), errors, "address-level2"));
        b.append(textField("name", "Your name (optional)", null, "text", input.name(), errors, "name"));
        b.append(textField("contact", "Email address or phone number (optional)",
                "We use this only to recognise your earlier stories and, if you choose, so partners can reply.",
                "text", input.contact(), errors, "email"));

        String share = input.share().isBlank() ? "private" : input.share();
        b.append(fieldsetStart("consent", errors)).append("<legend>Who can see your story?</legend>")
                .append("<p class=\"hint\" id=\"consent-hint\">You can change this later.</p>")
                .append(errorLine("consent", errors));
        b.append(radio("consent", "consent", Share.PRIVATE.wire(), share,
                "Only TellOnce – do not share it"));
        b.append(radio("consent", "consent-anonymous", Share.ANONYMOUS.wire(), share,
                "Share it with partner organisations without my name or contact details"));
        b.append(radio("consent", "consent-identified", Share.IDENTIFIED.wire(), share,
                "Share it with partner organisations with my name and contact details, so they can reply"));
        b.append("</fieldset>");

        if (!partners.isEmpty()) {
            b.append(fieldsetStart("partners", errors)).append("<legend>Which partners? (optional)</legend>")
                    .append("<p class=\"hint\" id=\"partners-hint\">Tick none to share with every partner that works on your topics and area.</p>")
                    .append(errorLine("partners", errors));
            int p = 0;
            for (PartnerChoice partner : partners) {
                String id = p == 0 ? "partners" : "partner-" + p;
                b.append("<div class=\"option\"><input type=\"checkbox\" id=\"").append(id)
                        .append("\" name=\"partners\" value=\"").append(escape(partner.id())).append("\"")
                        .append(input.partners().contains(partner.id()) ? " checked" : "").append("><label for=\"")
                        .append(id).append("\">").append(escape(partner.name())).append("</label></div>");
                p++;
            }
            b.append("</fieldset>");
        }

        // Honeypot: people never see or reach it; bots fill it in.
        b.append("<div class=\"visually-hidden\" aria-hidden=\"true\"><label for=\"website\">Leave this empty</label>")
                .append("<input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>");
        b.append("<button type=\"submit\">Send my story</button></form>");
        return layout((errors.isEmpty() ? "" : "Error: ") + "Tell us once", b.toString());
    }

    /** A partner the resident may pick on the form. */
    public record PartnerChoice(String id, String name) {
    }

    public static String story(StoredStory stored) {
        Story story = stored.story();
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"panel\"><h1>Your story is saved</h1><p>Your reference</p><p class=\"ref\" id=\"reference\">")
                .append(escape(story.reference().value())).append("</p></div>");
        b.append("<p>Keep this reference. You can come back to this page in this browser to see replies or to change ")
                .append("who can see your story.</p>");
        b.append("<h2>Your story</h2><p class=\"story-text\" dir=\"auto\" id=\"story-text\">")
                .append(escape(story.text())).append("</p>");
        b.append("<dl><dt>Received</dt><dd>").append(escape(DATE.format(story.receivedAt()))).append("</dd>");
        b.append("<dt>Sent by</dt><dd>").append(story.channel().wire().equals("sms") ? "Text message" : "Web form")
                .append("</dd>");
        if (!story.topics().isEmpty()) {
            b.append("<dt>Topics</dt><dd>").append(escape(String.join(", ",
                    story.topics().stream().map(Topics::label).toList()))).append("</dd>");
        }
        story.area().ifPresent(a -> b.append("<dt>Area</dt><dd>").append(escape(a)).append("</dd>"));
        b.append("<dt>Who can see it</dt><dd id=\"consent\">").append(escape(consentInWords(story.consent().share())))
                .append("</dd></dl>");
        b.append("<h2>Shared with</h2>");
        if (stored.sharedWith().isEmpty()) {
            b.append("<p id=\"shared-with\">No partner organisation has your story.</p>");
        } else {
            b.append("<ul id=\"shared-with\">");
            stored.sharedWith().forEach(s -> b.append("<li>").append(escape(s.name())).append("</li>"));
            b.append("</ul>");
        }
        b.append("<h2>Replies</h2>");
        if (stored.responses().isEmpty()) {
            b.append("<p id=\"responses\">No replies yet.</p>");
        } else {
            b.append("<ul id=\"responses\">");
            stored.responses().forEach(r -> b.append("<li><strong>").append(escape(r.name())).append("</strong> (")
                    .append(escape(DATE.format(r.at()))).append(")<p class=\"story-text\" dir=\"auto\">")
                    .append(escape(r.text())).append("</p></li>"));
            b.append("</ul>");
        }
        return layout("Your story " + story.reference().value(), b.toString());
    }

    public static String duplicate(String reference) {
        return layout("You have already told us this",
                "<h1>You have already told us this</h1><p>We already have this story from you, with reference "
                        + "<strong id=\"reference\">" + escape(reference) + "</strong>. You do not need to send it again.</p>"
                        + "<p>To see it, go back to the page from your first visit.</p><p><a href=\"/\">Tell us something else</a></p>");
    }

    public static String notFound() {
        return layout("Page not found", "<h1>Page not found</h1><p>We could not find that story. If you typed the "
                + "address, check it is correct. Stories can only be seen in the browser they were sent from.</p>"
                + "<p><a href=\"/\">Tell us a story</a></p>");
    }

    public static String problem(String heading, String message) {
        return layout(heading, "<h1>" + escape(heading) + "</h1><p>" + escape(message) + "</p><p><a href=\"/\">Go back to the form</a></p>");
    }

    static String consentInWords(Share share) {
        return switch (share) {
            case PRIVATE -> "Only TellOnce. It is not shared with anyone.";
            case ANONYMOUS -> "Partner organisations, without your name or contact details.";
            case IDENTIFIED -> "Partner organisations, with your name and contact details.";
        };
    }

    private static String anchor(String field) {
        return switch (field) {
            case "story", "topics", "area", "name", "contact", "consent", "partners" -> field;
            default -> "story";
        };
    }

    private static String fieldStart(String field, Map<String, String> errors) {
        return errors.containsKey(field) ? "<div class=\"field field-error\">" : "<div class=\"field\">";
    }

    private static String fieldsetStart(String field, Map<String, String> errors) {
        return "<fieldset" + (errors.containsKey(field) ? " class=\"field-error\"" : "") + " aria-describedby=\""
                + field + "-hint" + (errors.containsKey(field) ? " " + field + "-error" : "") + "\">";
    }

    private static String errorLine(String field, Map<String, String> errors) {
        String message = errors.get(field);
        return message == null ? "" : "<p class=\"error-message\" id=\"" + field + "-error\"><span class=\"visually-hidden\">Error:</span> "
                + escape(message) + "</p>";
    }

    private static String textField(String field, String label, String hint, String type, String value,
                                    Map<String, String> errors, String autocomplete) {
        StringBuilder b = new StringBuilder(fieldStart(field, errors));
        b.append("<label for=\"").append(field).append("\">").append(escape(label)).append("</label>");
        String describedBy = "";
        if (hint != null) {
            b.append("<p class=\"hint\" id=\"").append(field).append("-hint\">").append(escape(hint)).append("</p>");
            describedBy = field + "-hint";
        }
        b.append(errorLine(field, errors));
        if (errors.containsKey(field)) {
            describedBy = (describedBy + " " + field + "-error").trim();
        }
        b.append("<input type=\"").append(type).append("\" id=\"").append(field).append("\" name=\"").append(field)
                .append("\" value=\"").append(escape(value)).append("\" autocomplete=\"").append(autocomplete).append("\"");
        if (!describedBy.isEmpty()) {
            b.append(" aria-describedby=\"").append(describedBy).append("\"");
        }
        if (errors.containsKey(field)) {
            b.append(" aria-invalid=\"true\"");
        }
        return b.append("></div>").toString();
    }

    private static String radio(String name, String id, String value, String current, String label) {
        return "<div class=\"option\"><input type=\"radio\" id=\"" + id + "\" name=\"" + name + "\" value=\"" + value
                + "\"" + (value.equals(current) ? " checked" : "") + "><label for=\"" + id + "\">" + escape(label)
                + "</label></div>";
    }
}
