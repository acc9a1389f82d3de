package org.tellonce.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class WeeklyTopicChartTest {
    private static final LocalDate SINCE = LocalDate.parse("2026-01-05");

    private final PartnershipFigures figures = PartnershipFigures.of(new ActivityBuilder()
            .story(1, "2026-01-05T09:00:00Z", "health", "transport")
            .story(2, "2026-01-06T09:00:00Z", "health")
            .erased(3, "2026-01-07T09:00:00Z", org.tellonce.core.story.Channel.SMS)
            // Nothing in week 3: it still gets its place on the axis.
            .story(4, "2026-01-20T09:00:00Z", "mental-health")
            .build(), SINCE);

    @Test
    void theSvgIsWellFormedWithATitleADescriptionAndEveryTopicInTheLegend() throws Exception {
        Document svg = parse(WeeklyTopicChart.of(figures, SmallNumbers.OFF).svg());

        Element root = svg.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(text(svg, "title").get(0)).isEqualTo("Stories by topic, per week since 2026-01-05");
        assertThat(text(svg, "desc").get(0))
                .contains("from 2026-W02 to 2026-W04", "health 2", "transport 1", "mental-health 1", "(none) 1");
        assertThat(text(svg, "text")).contains("Topic", "health", "mental-health", "transport", "(none)",
                "2026-W02", "ISO week (UTC)", "Stories (counted once per topic)");
    }

    @Test
    void everyBarSegmentSaysWhatItCounts() throws Exception {
        Document svg = parse(WeeklyTopicChart.of(figures, SmallNumbers.OFF).svg());

        assertThat(text(svg, "title")).contains("2026-W02, health: 2", "2026-W02, transport: 1",
                "2026-W02, (none): 1", "2026-W04, mental-health: 1");
    }

    @Test
    void topicsBeyondThePalettesEightColoursAreHatched() {
        ActivityBuilder many = new ActivityBuilder();
        List<String> topics = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        for (int i = 0; i < topics.size(); i++) {
            many.story(i, "2026-01-05T09:00:00Z", topics.get(i));
        }
        var chart = WeeklyTopicChart.of(PartnershipFigures.of(many.build(), SINCE), SmallNumbers.OFF);

        assertThat(chart.topics()).isEqualTo(topics);
        assertThat(chart.svg()).contains("fill=\"url(#hatch-E69F00)\"", "fill=\"url(#hatch-56B4E9)\"");
    }

    @Test
    void countsHiddenBySmallNumberSuppressionAreLeftOutOfTheChart() throws Exception {
        var chart = WeeklyTopicChart.of(figures, new SmallNumbers(2));

        assertThat(chart.topics()).containsExactly("health");
        assertThat(chart.description()).contains("Counts below 2 in a week are not shown.");
        parse(chart.svg());
    }

    @Test
    void withNoStoriesTheChartSaysSo() throws Exception {
        var chart = WeeklyTopicChart.of(PartnershipFigures.of(new ActivityBuilder().build(), SINCE), SmallNumbers.OFF);

        assertThat(text(parse(chart.svg()), "text")).contains("No stories in this period");
        assertThat(chart.description()).isEqualTo("No stories were received since 2026-01-05.");
    }

    @Test
    void thePngIsTheSameChartAsAnImage() throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(WeeklyTopicChart.of(figures, SmallNumbers.OFF).png()));

        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(500);
        assertThat(image.getHeight()).isGreaterThan(300);
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(WeeklyTopicChart.niceStep(0)).isEqualTo(1);
        assertThat(WeeklyTopicChart.niceStep(4)).isEqualTo(1);
        assertThat(WeeklyTopicChart.niceStep(9)).isEqualTo(2);
        assertThat(WeeklyTopicChart.niceStep(23)).isEqualTo(5);
        assertThat(WeeklyTopicChart.niceStep(480)).isEqualTo(100);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> text(Document document, String element) {
        NodeList nodes = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", element);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }
}
