package dev.polystore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the README's quick start, so the README cannot drift from the API. */
class QuickStartReadmeTest {

    @Test
    void readmeQuickStartCompilesAndRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf("<!-- quickstart:begin -->");
        int end = readme.indexOf("<!-- quickstart:end -->");
        assertThat(begin).as("README quick start markers").isPositive();
        String block = readme.substring(begin, end);
        String source = block.substring(block.indexOf("```java") + 7, block.lastIndexOf("```"));
        Path file = dir.resolve("QuickStart.java");
        Files.writeString(file, source);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = compiler.run(
                null,
                null,
                errors,
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                dir.toString(),
                file.toString());
        assertThat(rc).as("javac output: %s", errors).isZero();

        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("QuickStart").getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(
                    null, (Object) new String[] {dir.resolve("quickstart.db").toString()});
        } finally {
            System.setOut(original);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("Patient/[0-9a-f-]{36}/_history/2 W/\"2\"");
        assertThat(lines.get(1)).contains("\"family\":\"Chalmers\"").contains("\"versionId\":\"1\"");
        assertThat(lines.get(2)).isEqualTo("2 versions");
    }
}
