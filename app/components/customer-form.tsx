import { Form, useNavigation } from "@remix-run/react";
import { CUSTOMER_SIZES } from "~/domain/customer";
import type { FieldErrors } from "~/utils/forms";
import { SelectField, TextAreaField, TextField } from "./field";

export interface CustomerFormValues {
  name?: string;
  industry?: string;
  size?: string;
  notes?: string;
}

export function CustomerForm({ values, fieldErrors, submitLabel }: { values?: CustomerFormValues; fieldErrors?: FieldErrors; submitLabel: string }) {
  const navigation = useNavigation();
  return (
    <Form method="post" className="stacked" noValidate>
      <TextField name="name" label="Name" required maxLength={200} defaultValue={values?.name} error={fieldErrors?.name} />
      <TextField name="industry" label="Industry" maxLength={100} defaultValue={values?.industry} error={fieldErrors?.industry} />
      <SelectField
        name="size"
        label="Size"
        defaultValue={values?.size ?? ""}
        error={fieldErrors?.size}
        options={[{ value: "", label: "Not known" }, ...CUSTOMER_SIZES.map((s) => ({ value: s, label: s }))]}
      />
      <TextAreaField name="notes" label="Notes" maxLength={5000} defaultValue={values?.notes} error={fieldErrors?.notes} hint="Context for the engagement: who sponsors it, what prompted it." />
      <div>
        <button type="submit" name="intent" value="save" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
