package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.image.BinaryInput;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The files a step reads from the workspace of the {@code node} it runs in: a jar, war or directory
 * to upload for a binary build, a template to apply. {@link AgentWorkspace} reads them through
 * Jenkins' {@code FilePath}, wherever the agent is.
 */
interface Workspace {
    /** Finds the workspace of a running step; tests hand in a local directory instead of an agent's. */
    @FunctionalInterface
    interface Opener {
        /** @param field the step parameter that needs the workspace, named in the error when there is none */
        Workspace open(StepContext context, String field) throws IOException, InterruptedException;
    }

    /**
     * What a binary build uploads from {@code path}: a file as itself, a directory as a tar.gz of its contents.
     *
     * @throws io.jenkins.plugins.openmaru.model.ValidationException naming {@code path} if nothing is there
     */
    BinaryInput upload(String path) throws IOException, InterruptedException;

    /**
     * The text of the file at {@code path}.
     *
     * @param field the step parameter that named the file, for the error if it is missing
     */
    String read(String field, String path) throws IOException, InterruptedException;
}
