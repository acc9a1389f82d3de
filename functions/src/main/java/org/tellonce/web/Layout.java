package org.tellonce.web;

import org.tellonce.core.language.Language;
import static org.tellonce.http.Html.escape;

/**
 * The frame of every page: GOV.UK-like type and colours (WCAG 2.2 AA contrast, 24px targets, a
 * visible focus ring), a skip link, the header with the language switcher, and no script at all.
 */
public final class Layout {
    static final String STYLE = """
            *{box-sizing:border-box}
            body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;line-height:1.45;color:#0b0c0c;background:#fff}
            header{background:#0b0c0c;color:#fff;padding:.75rem 1rem}
            .header-inner{max-width:40rem;margin:0 auto;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem}
            header a{color:#fff}
            header .brand{font-weight:bold;text-decoration:none;font-size:1.5rem}
            .languages ul{list-style:none;margin:0;padding:0;display:flex;gap:.25rem}
            .languages li{margin:0}
            .languages a,.languages span{display:inline-block;padding:.25rem .5rem;min-height:24px}
            .languages span{font-weight:bold;border-bottom:3px solid #fff}
            main{max-width:40rem;margin:0 auto;padding:1rem}
            body.wide .header-inner,body.wide main{max-width:60rem}
            h1{font-size:2rem;line-height:1.2;margin:1rem 0}
            h2{font-size:1.5rem;margin:1.5rem 0 .5rem}
            h3{font-size:1.25rem;margin:1rem 0 .5rem}
            label,legend{display:block;font-weight:bold;margin-bottom:.25rem}
            .hint{color:#505a5f;margin:0 0 .5rem}
            .field{margin-bottom:1.75rem}
            fieldset{border:0;padding:0;margin:0 0 1.75rem}
            legend{font-size:1.25rem}
            input[type=text],input[type=email],input[type=tel],input[type=password],input[type=date],select,textarea{width:100%;font:inherit;padding:.4rem;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c}
            textarea{min-height:10rem}
            textarea.short{min-height:6rem}
            .option{display:flex;align-items:flex-start;gap:.5rem;margin:.5rem 0}
            .option input{width:1.5rem;height:1.5rem;margin:.1rem 0 0;flex:none}
            .option label{font-weight:normal;margin:0}
            :focus-visible{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
            a{color:#1d70b8}
            button{font:inherit;font-weight:bold;color:#fff;background:#00703c;border:0;border-bottom:2px solid #002d18;padding:.6rem 1rem;cursor:pointer;min-height:44px}
            button.warning{background:#d4351c;border-bottom-color:#55150b}
            button.secondary{background:#f3f2f1;color:#0b0c0c;border-bottom-color:#929191}
            .actions{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;margin:1.5rem 0}
            .error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:1.5rem}
            .error-summary h2{margin-top:0}
            .error-summary a{color:#d4351c;font-weight:bold}
            .error-message{color:#d4351c;font-weight:bold;margin:0 0 .5rem}
            .field-error input,.field-error textarea,.field-error select{border-color:#d4351c}
            .field-error{border-left:5px solid #d4351c;padding-left:.75rem}
            .panel{background:#00703c;color:#fff;padding:1.5rem;text-align:center;margin-bottom:1.5rem}
            .panel .ref{font-size:2rem;font-weight:bold;letter-spacing:.05em}
            .notice{border:5px solid #00703c;padding:1rem;margin-bottom:1.5rem}
            .notice p{margin:0;font-weight:bold}
            .warning-text{font-weight:bold;border-left:5px solid #d4351c;padding-left:1rem}
            .story-text{white-space:pre-wrap;overflow-wrap:anywhere;border-left:5px solid #b1b4b6;padding-left:1rem;margin:0 0 1rem}
            .skip-link{display:block;padding:.5rem 1rem;background:#fd0;color:#0b0c0c;text-decoration:underline}
            .skip-link:not(:focus):not(:active){position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;padding:0!important}
            .visually-hidden{position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important}
            dl{display:grid;grid-template-columns:1fr;gap:0 1rem}dt{font-weight:bold}dd{margin:0 0 .75rem}
            @media (min-width:40em){dl{grid-template-columns:minmax(8rem,auto) 1fr;gap:.5rem 1rem}dd{margin:0}}
            .story{border-top:2px solid #b1b4b6;padding-top:.5rem;margin-top:2rem}
            .filters{background:#f3f2f1;padding:1rem;margin-bottom:1.5rem}
            .filters .row{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:0 1rem}
            .filters .field{margin-bottom:1rem}
            .filters .actions{margin:0}
            details{margin:0 0 1rem}
            summary{color:#1d70b8;text-decoration:underline;cursor:pointer;min-height:24px}
            ul.plain{list-style:none;padding:0}
            """;

    private Layout() {
    }

    static String render(Page page, String title, String body, boolean wide) {
        StringBuilder b = new StringBuilder(body.length() + STYLE.length() + 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"").append(page.language().tag()).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append(" – TellOnce</title><style>").append(STYLE)
                .append("</style></head><body").append(wide ? " class=\"wide\"" : "").append(">")
                .append("<a href=\"#main\" class=\"skip-link\">").append(page.h("layout.skip")).append("</a>")
                .append("<header><div class=\"header-inner\"><a class=\"brand\" href=\"").append(escape(page.home()))
                .append("\">TellOnce</a>")
                .append("<nav class=\"languages\" aria-label=\"").append(page.h("layout.languages")).append("\"><ul>");
        for (Language language : Language.values()) {
            b.append("<li>");
            if (language == page.language()) {
                b.append("<span aria-current=\"true\" lang=\"").append(language.tag()).append("\">")
                        .append(escape(language.ownName())).append("</span>");
            } else {
                b.append("<a href=\"").append(escape(page.switchHref(language))).append("\" hreflang=\"")
                        .append(language.tag()).append("\" lang=\"").append(language.tag()).append("\">")
                        .append(escape(language.ownName())).append("</a>");
            }
            b.append("</li>");
        }
        b.append("</ul></nav></div></header>")
                .append("<main id=\"main\">")
                .append(body).append("</main></body></html>");
        return b.toString();
    }
}
