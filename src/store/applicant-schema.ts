import { Schema } from "mongoose";

/** The applicant's details as appeals and citizens both store them. */
export const applicantSchema = new Schema({ fullName: String, iin: String, phone: String, postalAddress: String }, { _id: false });
