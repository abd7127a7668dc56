package dev.polystore.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullTextExtractorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void wordsAreNormalizedAndSplitAtPunctuation() {
        assertThat(FullTextWords.joined("  Covid-19: Ärzte,  ÉLODIE's  dog ")).isEqualTo("covid 19 arzte elodie s dog");
        assertThat(FullTextWords.split("Søren½x")).containsExactly("søren½x");
        assertThat(FullTextWords.split("a+b=c $5")).containsExactly("a", "b", "c", "5");
        assertThat(FullTextWords.split("--")).isEmpty();
        assertThat(FullTextWords.joined("ΟΔΟΣ οδος µg ſ ı Ǆ e\u0301te\u00a0x")).isEqualTo("οδοσ οδοσ μg s ı ǆ ete x");
    }

    @Test
    void narrativeDropsMarkupCommentsAndDecodesEntities() {
        String div =
                "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p title=\"hidden\">Fish &amp; chips<!-- not <b>this</b>"
                        + " --></p><br/>caf&#233; &#x41;&lt;b&gt;&nbsp;x&bogus;y</div>";
        assertThat(FullTextExtractor.narrativeWords(div)).isEqualTo("fish chips cafe a b x y");
    }

    @Test
    void narrativeAndContentAreSeparateEntries() throws Exception {
        JsonNode resource =
                json("{'resourceType':'Condition','id':'c1','meta':{'versionId':'2','tag':[{'code':'tagged'}]},"
                        + "'text':{'status':'generated','div':'<div xmlns=\\'http://www.w3.org/1999/xhtml\\'>Heart failure</div>'},"
                        + "'code':{'coding':[{'system':'http://snomed.info/sct','code':'84114007','display':'Heart Failure'}],"
                        + "'text':'Cardiac insufficiency'},'subject':{'reference':'Patient/p1','display':'Eve Doe'},"
                        + "'onsetDateTime':'2020-01-02T10:00:00Z','note':[{'text':'since 2019'}],'severity':{'extension':["
                        + "{'url':'http://example.org/ext','valueString':'extended'}]},"
                        + "'contained':[{'resourceType':'Patient','id':'x','text':{'div':'<div>inner</div>'}}]}");
        List<FullTextEntry> entries = FullTextExtractor.entries(resource);
        assertThat(entries)
                .containsExactly(
                        new FullTextEntry("_text", "heart failure"),
                        new FullTextEntry(
                                "_content",
                                "84114007 heart failure cardiac insufficiency eve doe since 2019 extended inner"));
    }

    @Test
    void noWordsNoEntries() throws Exception {
        assertThat(FullTextExtractor.entries(json("{'resourceType':'Basic','id':'b','text':{'div':'<div> </div>'}}")))
                .isEmpty();
    }

    @Test
    void datesFromMonthPrecisionAreNotWords() {
        assertThat(FullTextExtractor.looksLikeDate("2020-01")).isTrue();
        assertThat(FullTextExtractor.looksLikeDate("2020-01-02")).isTrue();
        assertThat(FullTextExtractor.looksLikeDate("2020-01-02T10:00:00.123+01:00"))
                .isTrue();
        assertThat(FullTextExtractor.looksLikeDate("2020")).isFalse();
        assertThat(FullTextExtractor.looksLikeDate("2020-01-02 and more")).isFalse();
        assertThat(FullTextExtractor.looksLikeDate("ABCD-EF")).isFalse();
    }

    @Test
    void theIndexerEmitsTheEntries() throws Exception {
        IndexResult result = ResourceIndexer.forVersion(dev.polystore.api.FhirVersion.R4)
                .index(json("{'resourceType':'Patient','id':'p','name':[{'family':'Müller'}],"
                        + "'text':{'status':'generated','div':'<div>Ébé</div>'}}"));
        assertThat(result.entries("_text")).containsExactly(new FullTextEntry("_text", "ebe"));
        assertThat(result.entries("_content")).containsExactly(new FullTextEntry("_content", "muller"));
    }
}
